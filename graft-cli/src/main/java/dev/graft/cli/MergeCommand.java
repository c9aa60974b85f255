package dev.graft.cli;

import dev.graft.job.MergeJob;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code graft merge}. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Fold a LoRA run's adapters into its base weights and write a plain run folder.")
final class MergeCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, paramLabel = "RUN", description = "A run folder made with --strategy lora.")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "RUN2", description = "The plain run folder to write.")
    Path out;

    @Option(names = {"--base-weights", "--base"}, paramLabel = "SRC",
            description = "The base weights, when they are no longer where the run recorded them.")
    String baseWeights;

    @Option(names = "--force", description = "Replace an existing RUN2.")
    boolean force;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        MergeJob.Result r = MergeJob.run(run, out, baseWeights, force, common.effectiveThreads());
        if (common.json) {
            Printing.json(java.util.Map.of("out", r.out().toString(), "mergedLayers", r.mergedLayers(),
                    "bytes", r.bytes()));
        } else {
            System.out.printf("merged %d LoRA layer(s) into %s (%,d bytes)%n", r.mergedLayers(),
                    r.out().resolve("model.safetensors"), r.bytes());
        }
        return 0;
    }
}
