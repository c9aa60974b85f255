package dev.graft.gen.cli;

import dev.graft.cli.Flags;
import dev.graft.gen.GenTrainConfig;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The fine-tuning loop's options, shared by {@code gen finetune} and {@code gen study}. */
final class GenTuneOptions {
    @Option(names = "--steps", description = "optimizer steps at most, per run (default 300)")
    Integer steps;

    @Option(names = "--batch", description = "images per step, drawn with replacement (default 32)")
    Integer batch;

    @Option(names = "--eval-every", description = "steps between domain scores (default 50)")
    Integer evalEvery;

    @Option(names = "--eval-samples", description = "images drawn per domain score (default 100)")
    Integer evalSamples;

    @Option(names = "--eval-sampling-steps", defaultValue = "10",
            description = "ddpm: DDIM steps of those images (default: ${DEFAULT-VALUE})")
    int evalSamplingSteps;

    @Option(names = "--patience", description = "domain scores without improvement before stopping (default 3; 0 = never)")
    Integer patience;

    @Option(names = "--classifier", description = "classifier file (default: the cached or bundled one)")
    Path classifier;

    @Mixin
    Flags.Seed seed = new Flags.Seed(GenTrainConfig.DEFAULT_SEED);

    /** Sets the seed, and every option the user gave, over the defaults already in {@code b}. */
    GenTrainConfig.Builder applyTo(GenTrainConfig.Builder b) {
        b.seed(seed.value());
        if (steps != null) {
            b.steps(steps);
        }
        if (batch != null) {
            b.batchSize(batch);
        }
        if (evalEvery != null) {
            b.evalEvery(evalEvery);
        }
        if (evalSamples != null) {
            b.evalSamples(evalSamples);
        }
        if (patience != null) {
            b.patience(patience);
        }
        return b;
    }
}
