package dev.graft.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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
        TrainRunner.run(spec, train, common, resume, r -> r);
        return 0;
    }
}
