package dev.graft.job;

import dev.graft.data.Augment;
import dev.graft.data.DataConfig;
import dev.graft.model.HeadSpec;
import dev.graft.model.PretrainedSpecs;
import dev.graft.recipe.Strategy;
import dev.graft.train.TrainConfig;
import dev.graft.train.TrainListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The embedded default: Fashion-MNIST transfer. Graft's bundled backbone was trained on classes
 * 0-4 (tops, trousers, dresses, coats); the target task is classes 5-9 (sandals, shirts,
 * sneakers, bags, ankle boots) with only a few labeled images each. The same images train
 * scratch, linear-probe, partial:1 and fine-tune, and all are scored on the 5,000 target test images.
 */
public final class DemoJob {
    /** Target classes: Sandal, Shirt, Sneaker, Bag, Ankle boot. */
    public static final int[] TARGET_CLASSES = {5, 6, 7, 8, 9};

    private DemoJob() {}

    /**
     * @param out folder for the three runs
     * @param perClass labeled training images per target class (default 10)
     * @param valPerClass labeled validation images per target class, for early stopping (default 10)
     * @param seed the seed
     * @param threads threads
     */
    public record Request(Path out, int perClass, int valPerClass, long seed, int threads) {
        public Request {
            dev.graft.run.OutputFolder.checkOut(out);
            dev.graft.check.Checks.atLeast("perClass", perClass, 1);
            dev.graft.check.Checks.atLeast("valPerClass", valPerClass, 1);
            dev.graft.engine.Engines.checkThreads("threads", threads, false);
        }
    }

    /**
     * One line of the table.
     *
     * @param strategy the strategy
     * @param testAccuracy accuracy on the target test set
     * @param seconds training wall time
     * @param trainable parameters trained in the last phase
     * @param total all parameters
     * @param featuresCached whether the head trained on cached features
     * @param run the run folder
     */
    public record Row(String strategy, double testAccuracy, double seconds, long trainable, long total,
            boolean featuresCached, Path run) {}

    /**
     * The training request the demo makes for one strategy; the README quotes it as CLI flags.
     * Settings per strategy were chosen on the validation images (10 per class), never on the test set.
     */
    public static TrainRequest request(Request d, Strategy s) {
        TrainConfig.Builder cfg = TrainConfig.builder().batchSize(16).warmupEpochs(2).patience(10).seed(d.seed());
        int headEpochs = 0;
        float lrMult = 1f;
        switch (s.kind()) {
            case SCRATCH -> cfg.epochs(40).lr(2e-3f);
            // the head trains on cached features, so many epochs cost seconds
            case LINEAR_PROBE -> cfg.epochs(100).lr(1e-2f);
            case PARTIAL -> cfg.epochs(40).lr(3e-3f);
            case FINE_TUNE -> {
                cfg.epochs(25).lr(3e-3f).bnPolicy(dev.graft.nn.BnPolicy.FREEZE_STATS);
                headEpochs = 10;
                lrMult = 0.3f;
            }
            default -> throw new IllegalArgumentException("the demo does not run " + s);
        }
        DataConfig data = new DataConfig(DataConfig.FASHION_MNIST, TARGET_CLASSES, d.perClass(), d.valPerClass(), 0.2,
                d.seed(), d.threads());
        boolean scratch = s.kind() == Strategy.Kind.SCRATCH;
        return new TrainRequest(data, "resnet18_small", scratch ? null : PretrainedSpecs.FMNIST_SOURCE, s, cfg.build(),
                new HeadSpec(0, 0.2f), Augment.NONE, headEpochs, lrMult, d.out().resolve(s.toString().replace(':', '-')),
                true, false, d.threads(), null);
    }

    /** The strategies the demo compares, in table order. */
    public static final List<Strategy> STRATEGIES = List.of(Strategy.SCRATCH, Strategy.LINEAR_PROBE,
            new Strategy(Strategy.Kind.PARTIAL, 1), Strategy.FINE_TUNE);

    public static List<Row> run(Request d, Supplier<List<TrainListener>> listeners, Consumer<String> log) {
        List<Row> rows = new ArrayList<>();
        for (Strategy s : STRATEGIES) {
            log.accept("== " + s + " ==");
            TrainSummary sum = TrainJob.run(request(d, s), listeners.get(), log);
            rows.add(new Row(s.toString(), sum.test().accuracy(), sum.recipe().seconds(),
                    sum.recipe().trainableParams(), sum.recipe().totalParams(), sum.recipe().featuresCached(),
                    sum.run().dir()));
        }
        return rows;
    }
}
