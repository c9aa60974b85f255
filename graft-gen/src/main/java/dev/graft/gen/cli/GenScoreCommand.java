package dev.graft.gen.cli;

import dev.graft.gen.GenEvaluate;
import dev.graft.gen.score.GenScore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code graft gen score}: FID, domain accuracy, diversity and memorisation of a generator. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score a generator against held-out images of the target domain: FID with a bootstrap "
                + "interval, domain accuracy, diversity and memorisation, on the features of Graft's Fashion-MNIST "
                + "classifier. Prints the scores and writes them as JSON.")
final class GenScoreCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    GenCli.Common common;

    @Option(names = "--run", required = true, description = "generator run folder")
    Path run;

    @Option(names = "--data", description = "target data spec whose test images are the reference (default: the run's)")
    String data;

    @Option(names = "--samples", defaultValue = "500", description = "images to draw (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--bootstrap", defaultValue = "200", description = "FID bootstrap resamples (default: ${DEFAULT-VALUE})")
    int bootstraps;

    @Option(names = "--steps", defaultValue = "0", description = "ddpm: DDIM steps (default: the run's, 25)")
    int steps;

    @Option(names = "--seed", defaultValue = "0", description = "sampling and bootstrap seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--classifier", description = "classifier file (default: the cached or bundled one)")
    Path classifier;

    @Option(names = "--out", description = "JSON file to write (default: score.json in the run folder)")
    Path out;

    @Option(names = "--json", description = "print the JSON instead of text")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (samples < 2) {
            throw new IllegalArgumentException("--samples must be >= 2 for a covariance, got " + samples);
        }
        GenScore s = GenEvaluate.score(new GenEvaluate.ScoreRequest(run, data, samples, bootstraps, steps, seed,
                classifier, out, common.threads()), GenCli.progress(spec));
        Path file = out != null ? out : run.resolve(dev.graft.gen.GenRun.SCORE);
        spec.commandLine().getOut().println(json ? java.nio.file.Files.readString(file) : s.describe());
        return 0;
    }
}
