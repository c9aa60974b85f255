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
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: Fashion-MNIST transfer from two bundled backbones. The target task is
 * classes 5-9 (sandals, shirts, sneakers, bags, ankle boots) with only a few labeled images each.
 * One backbone's source covers the target's vocabulary: the default, pretrained without labels
 * on Fashion-MNIST's training images (SimCLR). The other's does not: the garment backbone, trained
 * with labels on classes 0-4 only (tops, trousers, dresses, coats). The same images train scratch
 * once, then linear-probe, partial:1 and fine-tune from each backbone, and every run is scored on
 * the 5,000 target test images.
 */
public final class DemoJob {
    /** The backbones the demo transfers from, in table order: the default, then the garment backbone. */
    public static final List<String> BACKBONES = List.of(PretrainedSpecs.DEFAULT_BACKBONE,
            PretrainedSpecs.FMNIST_SOURCE);

    /** Target classes: Sandal, Shirt, Sneaker, Bag, Ankle boot. */
    public static final int[] TARGET_CLASSES = {5, 6, 7, 8, 9};
    /** Labeled training images per target class unless set. */
    public static final int DEFAULT_PER_CLASS = 10;
    /** Labeled validation images per target class unless set. */
    public static final int DEFAULT_VAL_PER_CLASS = 10;

    private DemoJob() {}

    /**
     * @param out folder for the three runs
     * @param perClass labeled training images per target class (default {@link #DEFAULT_PER_CLASS})
     * @param valPerClass labeled validation images per target class, for early stopping (default
     *     {@link #DEFAULT_VAL_PER_CLASS})
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
     * @param backbone the pretrained tag the run started from, or {@code none} for scratch
     * @param strategy the strategy
     * @param testAccuracy accuracy on the target test set
     * @param seconds training wall time
     * @param trainable parameters trained in the last phase
     * @param total all parameters
     * @param featuresCached whether the head trained on cached features
     * @param run the run folder
     */
    public record Row(String backbone, String strategy, double testAccuracy, double seconds, long trainable, long total,
            boolean featuresCached, Path run) {}

    /**
     * The training request the demo makes for one strategy; the README quotes it as CLI flags.
     * Settings per strategy were chosen on the validation images (10 per class), never on the test set.
     */
    public static TrainRequest request(Request d, Strategy s) {
        return request(d, s, PretrainedSpecs.FMNIST_SOURCE);
    }

    /**
     * The request for one strategy from one backbone (ignored for scratch). The settings are the
     * same for both backbones; runs from the garment backbone go to {@code out/STRATEGY} as they
     * always have, runs from another one to {@code out/TAG/STRATEGY}.
     */
    public static TrainRequest request(Request d, Strategy s, String backbone) {
        TrainConfig.Builder cfg = TrainConfig.builder().optBatchSize(16).optWarmupEpochs(2).optPatience(10).optSeed(d.seed());
        int headEpochs = 0;
        float lrMult = 1f;
        switch (s.kind()) {
            case SCRATCH -> cfg.optEpochs(40).optLr(2e-3f);
            // the head trains on cached features, so many epochs cost seconds
            case LINEAR_PROBE -> cfg.optEpochs(100).optLr(1e-2f);
            case PARTIAL -> cfg.optEpochs(40).optLr(3e-3f);
            case FINE_TUNE -> {
                cfg.optEpochs(25).optLr(3e-3f).optBnPolicy(dev.graft.nn.BnPolicy.FREEZE_STATS);
                headEpochs = 10;
                lrMult = 0.3f;
            }
            default -> throw new IllegalArgumentException("the demo does not run " + s);
        }
        DataConfig data = new DataConfig(DataConfig.FASHION_MNIST, TARGET_CLASSES, d.perClass(), d.valPerClass(), 0.2,
                d.seed(), d.threads());
        boolean scratch = s.kind() == Strategy.Kind.SCRATCH;
        String dir = s.toString().replace(':', '-');
        Path out = scratch || backbone.equals(PretrainedSpecs.FMNIST_SOURCE) ? d.out().resolve(dir)
                : d.out().resolve(backbone).resolve(dir);
        return new TrainRequest(data, "resnet18_small", scratch ? null : backbone, s, cfg.build(),
                new HeadSpec(0, 0.2f), Augment.NONE, headEpochs, lrMult, out, true, false, d.threads(), null);
    }

    /** The strategies the demo compares, in table order. */
    public static final List<Strategy> STRATEGIES = List.of(Strategy.SCRATCH, Strategy.LINEAR_PROBE,
            new Strategy(Strategy.Kind.PARTIAL, 1), Strategy.FINE_TUNE);

    /** Scratch once, then every transfer strategy from each of {@link #BACKBONES}. */
    public static List<Row> run(Request d, Supplier<List<TrainListener>> listeners) {
        List<Row> rows = new ArrayList<>();
        rows.add(row(d, Strategy.SCRATCH, null, listeners));
        for (String backbone : BACKBONES) {
            for (Strategy s : STRATEGIES) {
                if (s.kind() != Strategy.Kind.SCRATCH) {
                    rows.add(row(d, s, backbone, listeners));
                }
            }
        }
        return rows;
    }

    private static Row row(Request d, Strategy s, String backbone, Supplier<List<TrainListener>> listeners) {
        LoggerFactory.getLogger(DemoJob.class).info("== " + s + (backbone == null ? "" : " from " + backbone) + " ==");
        TrainSummary sum = TrainJob.run(request(d, s, backbone == null ? PretrainedSpecs.FMNIST_SOURCE : backbone),
                listeners.get());
        return new Row(backbone == null ? "none" : backbone, s.toString(), sum.test().accuracy(),
                sum.recipe().seconds(), sum.recipe().trainableParams(), sum.recipe().totalParams(),
                sum.recipe().featuresCached(), sum.run().dir());
    }
}
