package dev.graft.gen.cli;

import dev.graft.gen.GenEvaluate;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code graft gen sample}: a seeded grid of samples as a PNG. */
@Command(name = "sample", mixinStandardHelpOptions = true, description = "Draw a seeded grid of samples into a PNG.")
final class GenSampleCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    GenCli.Common common;

    @Option(names = "--run", required = true, description = "generator run folder")
    Path run;

    @Option(names = "--n", defaultValue = "64", description = "images (default: ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--out", required = true, description = "PNG file to write")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--steps", defaultValue = "0", description = "ddpm: DDIM steps (default: the run's, 25)")
    int steps;

    @Option(names = "--cols", defaultValue = "8", description = "images per row (default: ${DEFAULT-VALUE})")
    int cols;

    @Override
    public Integer call() {
        if (n < 1) {
            throw new IllegalArgumentException("--n must be >= 1, got " + n);
        }
        GenEvaluate.sample(run, n, seed, steps, cols, out, common.threads());
        spec.commandLine().getOut().println("wrote " + n + " samples (seed " + seed + ") to " + out);
        return 0;
    }
}
