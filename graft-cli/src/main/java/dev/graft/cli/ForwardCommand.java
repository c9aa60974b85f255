package dev.graft.cli;

import dev.graft.job.ForwardJob;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code graft forward}. */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = "Raw network output for a tensor file, in inference mode: check that weights loaded right.")
final class ForwardCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "ARCH")
    String model;

    @Option(names = "--weights", required = true, paramLabel = "SRC", description = "A state dict file or registry tag.")
    String weights;

    @Option(names = "--input", required = true, paramLabel = "IN.safetensors",
            description = "Holds tensor 'input', float32 [N,3,H,W], already normalised.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "OUT.safetensors",
            description = "Gets 'logits' and 'features' (the input of the final Linear layer).")
    Path output;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        ForwardJob.Result r = ForwardJob.run(model, weights, input, output, common.effectiveThreads());
        System.err.println("weights: " + r.load());
        System.out.printf("logits %s, features %s -> %s%n", r.logits().shapeString(), r.features().shapeString(),
                output);
        return 0;
    }
}
