package dev.graft.cli;

import dev.graft.data.DataConfig;
import dev.graft.job.EvaluateJob;
import dev.graft.job.LoadedRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code graft evaluate}. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Accuracy, per-class precision/recall/F1, the confusion matrix, calibration (ECE, reliability "
                + "diagram) and Grad-CAM overlays of a run on a data set.")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, paramLabel = "RUN", description = "A run folder made by graft train.")
    Path run;

    /** Images in class subfolders (test/ or val/ when present), or fashion-mnist (its test split). */
    @Mixin
    Flags.Data data = Flags.Data.note("required");

    @Option(names = "--classes", description = "Fashion-MNIST class ids (default: the run's classes).")
    String classes;

    @Option(names = "--png", description = "Where to write the confusion matrix (default RUN/confusion.png).")
    Path png;

    @Option(names = "--tta", description = "Test-time augmentation: average each image's probabilities with its mirror's.")
    boolean tta;

    @Mixin
    TrustOptions trust;

    @Option(names = "--overlays", paramLabel = "N",
            description = "Grad-CAM overlays to draw, half of the worst misses and half of the surest hits, into "
                    + "gradcam/ beside the confusion plot (default ${DEFAULT-VALUE}; 0 for none).")
    int overlays;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        String images = data.value();
        try (LoadedRun r = LoadedRun.open(run, common.effectiveThreads(), trust.trusted())) {
            EvaluateJob.Result res = EvaluateJob.run(r, images, DataConfig.parseClasses(classes), png,
                    common.effectiveThreads(), tta, overlays);
            if (!res.skipped().isEmpty()) {
                System.err.println("skipped " + res.skipped().size() + " unreadable image(s), e.g. "
                        + res.skipped().get(0));
            }
            if (common.json) {
                Printing.json(res);
            } else {
                System.out.print(res.evaluation().format());
                System.out.println("\nconfusion matrix plot: " + res.confusionPng());
                var a = res.calibration();
                System.out.printf(java.util.Locale.ROOT, "calibration: ECE %.4f at T = 1, %.4f at the run's T = %.3f "
                        + "(NLL %.4f -> %.4f); reliability diagram: %s%n", a.eceBefore(), a.ece(), a.temperature(),
                        a.nllBefore(), a.nll(), res.reliabilityPng());
                if (a.threshold() != null) {
                    System.out.printf(java.util.Locale.ROOT, "rejection: top probability below %.4f answers "
                            + "\"unknown\"; it accepts %.1f%% of these images, %.1f%% of them right%n", a.threshold(),
                            100 * a.accepted(), 100 * a.acceptedAccuracy());
                }
                if (!res.overlays().isEmpty()) {
                    System.out.println("Grad-CAM overlays: " + java.nio.file.Path.of(res.overlays().get(0).overlay())
                            .getParent());
                }
            }
        }
        return 0;
    }
}
