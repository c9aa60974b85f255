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
        description = "Accuracy, per-class precision/recall/F1 and the confusion matrix of a run on a data set.")
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

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        String images = data.value();
        try (LoadedRun r = LoadedRun.open(run, common.effectiveThreads(), trust.trusted())) {
            EvaluateJob.Result res = EvaluateJob.run(r, images, DataConfig.parseClasses(classes), png,
                    common.effectiveThreads(), tta);
            if (!res.skipped().isEmpty()) {
                System.err.println("skipped " + res.skipped().size() + " unreadable image(s), e.g. "
                        + res.skipped().get(0));
            }
            if (common.json) {
                Printing.json(res);
            } else {
                System.out.print(res.evaluation().format());
                System.out.println("\nconfusion matrix plot: " + res.confusionPng());
            }
        }
        return 0;
    }
}
