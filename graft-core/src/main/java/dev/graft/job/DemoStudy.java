package dev.graft.job;

import dev.graft.study.StudyConfig;
import dev.graft.study.StudyListener;
import dev.graft.study.StudyPresets;
import dev.graft.train.TrainConfig;
import dev.graft.train.TrainListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The short study {@code graft demo} ends with: the Fashion-MNIST transfer task at 5, 20 and 50
 * labeled images per class, the four classic strategies, one seed, 100 test images per class and
 * short training, so it finishes in minutes. {@code graft study --preset fashion-mnist} is the
 * full version.
 */
public final class DemoStudy {
    private DemoStudy() {}

    /** The demo's study config; a rerun starts over. */
    public static StudyConfig config(Path out, long seed, int threads) {
        return StudyPresets.fashionMnist(out).optSizes(List.of(5, 20, 50))
                .optStrategies(List.of("scratch", "linear-probe", "partial:2", "fine-tune")).optSeeds(1).optSeed(seed)
                .optTestPerClass(100).optMaxSteps(100).optHeadEpochs(5)
                .optTrain(TrainConfig.builder().optEpochs(15).optBatchSize(16).optLr(1e-3f).optWarmupEpochs(1).optPatience(5)
                        .build())
                .optThreads(threads).optForce(true).build();
    }

    /**
     * Runs the demo study and prints its table and where the report is.
     *
     * @param progress shows the plan, the cells and their epochs (stderr)
     * @param stdout receives the table
     */
    public static <P extends StudyListener & TrainListener> StudyJob.Outcome run(Path out, long seed, int threads,
            P progress, PrintStream stdout) {
        StudyConfig c = config(out, seed, threads);
        StudyJob.Outcome o = StudyJob.run(c, List.of(progress), () -> List.of(progress), false);
        stdout.printf("%nShort study: Fashion-MNIST transfer at 5, 20 and 50 labeled images per class, one seed, "
                + "%d test images (graft study --preset fashion-mnist runs the full version)%n%n",
                o.record().provenance().testImages());
        stdout.print(o.summary().table());
        stdout.printf("%nreport: %s%n", o.report().html());
        return o;
    }
}
