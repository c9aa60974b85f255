package dev.graft.gen.cli;

import dev.graft.cli.CommonOptions;
import dev.graft.cli.Flags;
import dev.graft.gen.GenEvaluate;
import dev.graft.gen.score.GenScore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code graft gen score}: FID, domain accuracy, diversity and memorisation of a generator. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score a generator against held-out images of the target domain: FID with a bootstrap "
                + "interval, domain accuracy, diversity and memorisation, on the features of Graft's Fashion-MNIST "
                + "classifier. Prints the scores and writes them as JSON.")
final class GenScoreCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    CommonOptions common;

    @Option(names = "--run", required = true, description = "generator run folder")
    Path run;

    /** The target data whose test images are the reference. */
    @CommandLine.Mixin
    Flags.Data data = Flags.Data.note("the run's");

    @Option(names = "--samples", defaultValue = "500", description = "images to draw (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--bootstrap", defaultValue = "200", description = "FID bootstrap resamples (default: ${DEFAULT-VALUE})")
    int bootstraps;

    @Option(names = "--steps", defaultValue = "0", description = "ddpm: DDIM steps (default: the run's, 25)")
    int steps;

    /** The sampling and bootstrap seed. */
    @CommandLine.Mixin
    Flags.Seed seed = new Flags.Seed(0);

    @Option(names = "--classifier", description = "classifier file (default: the cached or bundled one)")
    Path classifier;

    /** The JSON file to write. */
    @CommandLine.Mixin
    Flags.Out out = Flags.Out.note("score.json in the run folder");

    @Override
    public Integer call() throws Exception {
        if (samples < 2) {
            throw new IllegalArgumentException("--samples must be >= 2 for a covariance, got " + samples);
        }
        Path json = out.pathIfGiven();
        GenScore s = GenEvaluate.score(new GenEvaluate.ScoreRequest(run, data.ifGiven(), samples, bootstraps, steps,
                seed.value(), classifier, json, common.threads()));
        Path file = json != null ? json : run.resolve(dev.graft.gen.GenRun.SCORE);
        spec.commandLine().getOut().println(common.json() ? java.nio.file.Files.readString(file) : s.describe());
        return 0;
    }
}
