package dev.graft.cli;

import dev.graft.train.GracefulStop;
import dev.graft.job.TrainJob;
import dev.graft.job.TrainRequest;
import dev.graft.job.TrainSummary;
import dev.graft.job.Trusted;
import dev.graft.train.ConsoleProgress;
import dev.graft.train.TrainListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What train and pretrain share: a new run from flags or a resumed one, under a {@link GracefulStop}
 * so Ctrl-C and SIGTERM end with a complete, resumable run folder, and the summary on stdout.
 */
final class TrainRunner {
    /** Flags that may accompany --resume; every other setting comes from the run. */
    private static final Set<String> RESUME_FLAGS = Set.of("--resume", "--threads", "--verbose", "--json", "--weights",
            "--torchscript");

    private TrainRunner() {}

    /**
     * @param resume the run to continue, or null for a new one
     * @param adjust changes the command makes to the request built from flags
     */
    static TrainSummary run(CommandSpec spec, TrainOptions train, CommonOptions common, Path resume,
            UnaryOperator<TrainRequest> adjust) {
        if (resume != null) {
            for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
                if (!RESUME_FLAGS.contains(o.names()[0])) {
                    throw new CommandLine.ParameterException(spec.commandLine(), o.names()[0]
                            + " cannot be combined with --resume: a resumed run keeps its configuration");
                }
            }
        } else {
            train.requireDataAndOut();
            if (train.torchscript != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--torchscript names the program of a run "
                        + "being resumed; to train on one, give --model torchscript:FILE#CLASSIFIER");
            }
        }
        GracefulStop stop = GracefulStop.install(Duration.ofSeconds(120));
        try {
            List<TrainListener> listeners = List.of(new ConsoleProgress(System.err), stop);
            TrainSummary s = resume != null
                    ? TrainJob.resume(resume, common.threads(), new Trusted(train.weights, train.torchscript), listeners)
                    : TrainJob.run(adjust.apply(train.toRequest(common.effectiveThreads())), listeners);
            Printing.summary(s, common.json);
            if (s.info().stopped() != null) {
                System.err.println("graft: " + s.info().stopped() + "; continue with: graft "
                        + spec.name() + " --resume " + (resume != null ? resume : train.out.path()));
            }
            return s;
        } finally {
            stop.finished();
        }
    }
}
