package dev.graft.gen.cli;

import dev.graft.cli.CommonOptions;
import dev.graft.cli.Flags;
import dev.graft.gen.GenEvaluate;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code graft gen sample}: a seeded grid of samples as a PNG. */
@Command(name = "sample", mixinStandardHelpOptions = true, description = "Draw a seeded grid of samples into a PNG.")
final class GenSampleCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    CommonOptions common;

    @Option(names = "--run", required = true, description = "generator run folder")
    Path run;

    @Option(names = "--n", defaultValue = "64", description = "images (default: ${DEFAULT-VALUE})")
    int n;

    /** The PNG file to write. */
    @CommandLine.Mixin
    Flags.Out out = Flags.Out.note("required");

    @CommandLine.Mixin
    Flags.Seed seed = new Flags.Seed(0);

    @Option(names = "--steps", defaultValue = "0", description = "ddpm: DDIM steps (default: the run's, 25)")
    int steps;

    @Option(names = "--cols", defaultValue = "8", description = "images per row (default: ${DEFAULT-VALUE})")
    int cols;

    @Override
    public Integer call() {
        Path png = out.path();
        if (n < 1) {
            throw new IllegalArgumentException("--n must be >= 1, got " + n);
        }
        GenEvaluate.sample(run, n, seed.value(), steps, cols, png, common.threads());
        if (GenCli.json(spec, common, java.util.Map.of("samples", n, "seed", seed.value(), "png", png.toString()))) {
            return 0;
        }
        spec.commandLine().getOut().println("wrote " + n + " samples (seed " + seed.value() + ") to " + png);
        return 0;
    }
}
