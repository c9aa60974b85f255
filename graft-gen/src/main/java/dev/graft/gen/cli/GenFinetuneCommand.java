package dev.graft.gen.cli;

import dev.graft.cli.CommonOptions;
import dev.graft.cli.Flags;
import dev.graft.gen.GenFinetune;
import dev.graft.gen.GenTrainConfig;
import dev.graft.gen.tune.GenStrategy;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code graft gen finetune}: adapt a pretrained generator to a target domain from N images. */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = "Adapt a pretrained generator to a target domain from N images, with early stopping on the "
                + "domain score (FID against held-out target images); the best generator is saved.")
final class GenFinetuneCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    CommonOptions common;

    @Option(names = "--base", required = true, description = "the pretrained generator: a run folder, or "
            + "ddpm-fmnist-src / gan-fmnist-src (shipped with Graft)")
    String base;

    /** The target domain. */
    @CommandLine.Mixin
    Flags.Data data = Flags.Data.note("required");

    @Option(names = "--images", required = true, description = "N, the training images to use")
    int images;

    @Option(names = "--strategy", defaultValue = "full",
            description = "scratch, full, freeze-lower:K, lora[:r] or freezed:K (GAN) (default: ${DEFAULT-VALUE})")
    String strategy;

    @CommandLine.Mixin
    Flags.Out out = Flags.Out.note("required");

    @CommandLine.Mixin
    GenTuneOptions tune;

    @CommandLine.Mixin
    Flags.Lr lr = Flags.Lr.note("ddpm 5e-4, or 1e-3 for scratch and LoRA; gan 2e-4, or 5e-4 for scratch and LoRA");

    @Option(names = "--minutes", defaultValue = "0", description = "wall-time budget, 0 = none (default: ${DEFAULT-VALUE})")
    double minutes;

    @CommandLine.Mixin
    Flags.Force force;

    @Override
    public Integer call() {
        String target = data.value();
        Path dir = out.path();
        GenStrategy s = GenStrategy.parse(strategy);
        Path basePath = dev.graft.gen.GenBundled.resolve(base);
        GenTrainConfig.Builder b = tune.applyTo(GenFinetune.defaults(dev.graft.gen.GenRun.open(basePath).readInfo().kind(),
                s).toBuilder()).maxSeconds(minutes * 60);
        if (lr.given()) {
            b.lr(lr.floatValue());
        }
        GenTrainConfig cfg = b.build();
        GenFinetune.Outcome o = GenFinetune.run(new GenFinetune.Request(basePath, target, images, s, cfg,
                tune.evalSamplingSteps, tune.classifier, dir, force.value(), common.threads()));
        if (GenCli.json(spec, common, o.info())) {
            return 0;
        }
        spec.commandLine().getOut().printf("%s, N=%d: best domain score (FID) %.2f at step %d of %d -> %s%n", s,
                images, o.result().bestScore(), o.result().bestStep(), o.result().steps(), dir);
        return 0;
    }
}
