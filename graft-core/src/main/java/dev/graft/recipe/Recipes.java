package dev.graft.recipe;

import ai.djl.ndarray.NDManager;
import dev.graft.data.Augment;
import dev.graft.data.BatchLoader;
import dev.graft.model.Network;
import dev.graft.peft.Method;
import dev.graft.peft.Peft;
import dev.graft.peft.PeftConfig;
import dev.graft.train.FeatureCache;
import dev.graft.train.Freezing;
import dev.graft.train.GradualUnfreezing;
import dev.graft.train.ImageBatches;
import dev.graft.train.Sampler;
import dev.graft.train.TrainConfig;
import dev.graft.train.TrainResult;
import dev.graft.train.TrainListener;
import dev.graft.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The strategies as short compositions of freezing and training. */
public final class Recipes {
    /** fine-tune's first phase: epochs that train only the new head, on the frozen backbone. */
    public static final int DEFAULT_HEAD_EPOCHS = 3;
    /** fine-tune's second phase: the stem's learning rate relative to the head's. */
    public static final float DEFAULT_LR_MULT = 0.1f;

    private Recipes() {}

    public static RecipeResult run(Strategy strategy, RecipeSetup setup) {
        long t0 = System.nanoTime();
        RecipeSetup s = setup.tuning().prepare(setup);
        List<TrainResult> phases = new ArrayList<>();
        boolean cached = switch (strategy.kind()) {
            case SCRATCH -> {
                Freezing.unfreezeAll(s.net(), s.config().bnPolicy());
                phases.add(trainImages(s, s.config(), "scratch", Map.of()));
                yield false;
            }
            case LINEAR_PROBE -> linearProbe(s, s.config(), phases);
            case PARTIAL -> {
                Freezing.freezeStages(s.net(), strategy.k(), s.config().bnPolicy());
                phases.add(trainImages(s, s.config(), strategy.toString(), s.tuning().lrMults(s.net(), Map.of())));
                yield false;
            }
            case FINE_TUNE -> fineTune(s, phases);
            case LORA, BITFIT, ADAPTER -> {
                parameterEfficient(s, strategy, phases);
                yield false;
            }
        };
        return new RecipeResult(strategy, phases, s.net().countTrainable(), s.net().countParams(), cached,
                (System.nanoTime() - t0) / 1e9);
    }

    /** fastai's fine_tune: train the new head on a frozen backbone, then unfreeze everything gently. */
    private static boolean fineTune(RecipeSetup s, List<TrainResult> phases) {
        boolean cached = false;
        if (s.headEpochs() > 0) {
            TrainConfig head = s.config().toBuilder().optEpochs(s.headEpochs()).optPatience(0).build();
            cached = linearProbe(s, head, phases);
        }
        List<TrainListener> listeners = s.listeners();
        if (s.tuning().unfreezeEvery() > 0) {
            GradualUnfreezing gradual = new GradualUnfreezing(s.net(), s.tuning().unfreezeEvery(), s.config().bnPolicy());
            gradual.start();
            listeners = new ArrayList<>(listeners);
            listeners.add(0, gradual); // before progress and reports, which should see the new freezing
        } else {
            Freezing.unfreezeAll(s.net(), s.config().bnPolicy());
        }
        TrainConfig all = s.config().toBuilder().optLr(s.config().lr() / 2).build();
        Map<String, Float> lr = s.tuning().lrMults(s.net(), Freezing.layerwiseLr(s.net(), s.lrMult()));
        phases.add(trainImages(s, all, "fine-tune", lr, listeners));
        return cached;
    }

    /**
     * LoRA, BitFit or adapters: the base stays frozen, the method's few weights train with the head
     * in one phase. The network gets the method's default structure unless it already has it
     * ({@link Peft#apply} chooses rank, targets and adapter width).
     */
    private static void parameterEfficient(RecipeSetup s, Strategy strategy, List<TrainResult> phases) {
        Method m = strategy.peftMethod();
        if (!Peft.applied(s.net(), m)) {
            Peft.apply(s.net(), m, PeftConfig.DEFAULTS, s.config().seed());
        }
        Peft.freeze(s.net(), m);
        phases.add(trainImages(s, s.config(), strategy.toString(), Map.of()));
    }

    /**
     * Trains only the head with the backbone frozen. Without augmentation the backbone's output
     * never changes, so it is computed once and the head trains on the cache.
     */
    private static boolean linearProbe(RecipeSetup s, TrainConfig cfg, List<TrainResult> phases) {
        Network net = s.net();
        Freezing.freezeBackbone(net, cfg.bnPolicy());
        if (s.augment().enabled()) {
            phases.add(trainImages(s, cfg, "head", Map.of()));
            return false;
        }
        NDManager parent = net.head().namedParams().values().iterator().next().array().getManager();
        FeatureCache train;
        FeatureCache val;
        try (BatchLoader tl = new BatchLoader(s.train(), s.preprocess(), Augment.NONE, 64, s.threads());
                BatchLoader vl = new BatchLoader(s.val(), s.preprocess(), Augment.NONE, 64, s.threads())) {
            train = FeatureCache.compute(net, tl.sequential(), parent);
            val = FeatureCache.compute(net, vl.sequential(), parent);
        }
        Trainer t = new Trainer(net.head(), cfg, "head", Map.of(), s.listeners());
        Sampler order = s.tuning().sampler(train.labels(), s.train().labels().size(), cfg.seed());
        phases.add(t.fit(FeatureCache.batches(train, val, cfg.batchSize(), order)));
        return true;
    }

    private static TrainResult trainImages(RecipeSetup s, TrainConfig cfg, String phase, Map<String, Float> lrMult) {
        return trainImages(s, cfg, phase, lrMult, s.listeners());
    }

    private static TrainResult trainImages(RecipeSetup s, TrainConfig cfg, String phase, Map<String, Float> lrMult,
            List<TrainListener> listeners) {
        Sampler order = s.tuning().sampler(Tuning.labels(s.train()), s.train().labels().size(), cfg.seed());
        try (ImageBatches data = new ImageBatches(s.train(), s.val(), s.preprocess(), s.augment(), cfg.batchSize(),
                s.threads(), cfg.seed(), order)) {
            return new Trainer(s.net(), cfg, phase, lrMult, listeners).fit(data);
        }
    }
}
