package dev.graft.cli;

import dev.graft.job.TrainJob;
import dev.graft.job.TrainSummary;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code graft train}. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a new head on a pretrained network, or fine-tune it, on a labeled image set.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    TrainOptions train;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        TrainSummary s = TrainJob.run(train.toRequest(common.effectiveThreads()), List.of(new ProgressBar(System.err)),
                msg -> System.err.println(msg));
        Printing.summary(s, common.json);
        return 0;
    }
}
