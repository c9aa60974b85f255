package dev.graft.cli;

import dev.graft.job.GracefulStop;
import dev.graft.job.TrainJob;
import dev.graft.job.TrainSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code graft train}. Ctrl-C or SIGTERM stops training after the current step and still writes
 * the run (best weights, graft.json marked "stopped by user", checkpoint); {@code --resume RUN}
 * continues such a run, or one that crashed, from its last checkpoint.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a new head on a pretrained network, or fine-tune it, on a labeled image set.")
final class TrainCommand implements Callable<Integer> {
    /** Flags that may accompany --resume; every other setting comes from the run. */
    private static final Set<String> RESUME_FLAGS = Set.of("--resume", "--threads", "--verbose", "--json");

    @Mixin
    TrainOptions train;

    @Mixin
    CommonOptions common;

    @Option(names = "--resume", paramLabel = "RUN",
            description = "Continue an interrupted run from its last checkpoint, with the configuration it started "
                    + "with (give no other training flags).")
    Path resume;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (resume != null) {
            for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
                if (!RESUME_FLAGS.contains(o.longestName())) {
                    throw new CommandLine.ParameterException(spec.commandLine(), o.longestName()
                            + " cannot be combined with --resume: a resumed run keeps its configuration");
                }
            }
        } else {
            train.requireDataAndOut(spec.commandLine());
        }
        GracefulStop stop = GracefulStop.install(Duration.ofSeconds(120), System.err::println);
        try {
            List<dev.graft.train.TrainListener> listeners = List.of(new ProgressBar(System.err), stop);
            TrainSummary s = resume != null
                    ? TrainJob.resume(resume, common.threads, listeners, System.err::println)
                    : TrainJob.run(train.toRequest(common.effectiveThreads()), listeners, System.err::println);
            Printing.summary(s, common.json);
            if (s.info().stopped() != null) {
                System.err.println("graft: " + s.info().stopped() + "; continue with: graft train --resume "
                        + s.run().dir());
            }
        } finally {
            stop.finished();
        }
        return 0;
    }
}
