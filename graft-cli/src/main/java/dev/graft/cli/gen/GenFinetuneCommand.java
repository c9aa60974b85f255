package dev.graft.cli.gen;

import dev.graft.gen.GenFinetune;
import dev.graft.gen.GenTrainConfig;
import dev.graft.gen.tune.GenStrategy;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code graft gen finetune}: adapt a pretrained generator to a target domain from N images. */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = "Adapt a pretrained generator to a target domain from N images, with early stopping on the "
                + "domain score (FID against held-out target images); the best generator is saved.")
final class GenFinetuneCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    GenCli.Common common;

    @Option(names = "--base", required = true, description = "the pretrained generator: a run folder, or "
            + "ddpm-fmnist-src / gan-fmnist-src (shipped with Graft)")
    String base;

    @Option(names = "--data", required = true, description = "target data: fashion-mnist:CLASSES (e.g. fashion-mnist:9) "
            + "or a folder of class subfolders")
    String data;

    @Option(names = "--images", required = true, description = "N, the training images to use")
    int images;

    @Option(names = "--strategy", defaultValue = "full",
            description = "scratch, full, freeze-lower:K, lora[:r] or freezed:K (GAN) (default: ${DEFAULT-VALUE})")
    String strategy;

    @Option(names = "--out", required = true, description = "run folder to write")
    Path out;

    @Option(names = "--steps", description = "optimizer steps at most (default 300)")
    Integer steps;

    @Option(names = "--batch", description = "images per step, drawn with replacement (default 32)")
    Integer batch;

    @Option(names = "--lr", description = "learning rate (default: ddpm 5e-4, or 1e-3 for scratch and LoRA; gan 2e-4, or 5e-4 for scratch and LoRA)")
    Float lr;

    @Option(names = "--eval-every", description = "steps between domain scores (default 50)")
    Integer evalEvery;

    @Option(names = "--eval-samples", description = "images drawn per domain score (default 100)")
    Integer evalSamples;

    @Option(names = "--eval-sampling-steps", defaultValue = "10",
            description = "ddpm: DDIM steps of those images (default: ${DEFAULT-VALUE})")
    int evalSamplingSteps;

    @Option(names = "--patience", description = "domain scores without improvement before stopping (default 3; 0 = never)")
    Integer patience;

    @Option(names = "--minutes", defaultValue = "0", description = "wall-time budget, 0 = none (default: ${DEFAULT-VALUE})")
    double minutes;

    @Option(names = "--classifier", description = "classifier file (default: the cached or bundled one)")
    Path classifier;

    @Option(names = "--seed", defaultValue = "42", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--force", description = "replace an existing run folder")
    boolean force;

    @Override
    public Integer call() {
        GenStrategy s = GenStrategy.parse(strategy);
        Path basePath = dev.graft.gen.GenBundled.resolve(base);
        GenTrainConfig cfg = GenFinetuneCommand.config(dev.graft.gen.GenRun.open(basePath).readInfo().kind(), s, steps,
                batch, lr, evalEvery, evalSamples, patience, minutes, seed);
        GenFinetune.Outcome o = GenFinetune.run(new GenFinetune.Request(basePath, data, images, s, cfg, evalSamplingSteps,
                classifier, out, force, common.threads()), GenCli.progress(spec));
        spec.commandLine().getOut().printf("%s, N=%d: best domain score (FID) %.2f at step %d of %d -> %s%n", s,
                images, o.result().bestScore(), o.result().bestStep(), o.result().steps(), out);
        return 0;
    }

    /** The defaults for a family and strategy, with any option the user gave. */
    static GenTrainConfig config(dev.graft.gen.GenKind kind, GenStrategy s, Integer steps, Integer batch, Float lr,
            Integer evalEvery, Integer evalSamples, Integer patience, double minutes, long seed) {
        GenTrainConfig.Builder b = GenFinetune.defaults(kind, s).toBuilder().seed(seed).maxSeconds(minutes * 60);
        if (steps != null) {
            b.steps(steps);
        }
        if (batch != null) {
            b.batchSize(batch);
        }
        if (lr != null) {
            b.lr(lr);
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
        return b.build();
    }
}
