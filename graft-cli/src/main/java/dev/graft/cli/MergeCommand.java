package dev.graft.cli;

import dev.graft.job.MergeJob;
import dev.graft.job.Trusted;
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

    @Option(names = "--base", paramLabel = "SRC",
            description = "The base weights, when not a registry tag or hub file (a local base file is opened only "
                    + "when named here; its sha256 must match the run's).")
    String base;

    @Option(names = "--force", description = "Replace an existing RUN2.")
    boolean force;

    @Option(names = "--torchscript", paramLabel = "FILE",
            description = "For a run trained with --model torchscript:FILE#CLS: that program, which loading the run "
                    + "runs; it must have the sha256 the run recorded.")
    Path torchscript;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        MergeJob.Result r = MergeJob.run(run, out, new Trusted(base, torchscript), force, common.effectiveThreads());
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
