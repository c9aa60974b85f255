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

    /** The plain run folder to write. */
    @Mixin
    Flags.Out out = Flags.Out.note("required");

    @Mixin
    Flags.Force force;

    @Mixin
    TrustOptions trust;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        MergeJob.Result r = MergeJob.run(run, out.path(), trust.trusted(), force.value(), common.effectiveThreads());
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
