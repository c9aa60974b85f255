package dev.graft.gen.cli;

import dev.graft.cli.CommonOptions;
import dev.graft.cli.Flags;
import dev.graft.gen.GenInfo;
import dev.graft.gen.GenKind;
import dev.graft.gen.GenPretrain;
import dev.graft.gen.GenTrainConfig;
import dev.graft.gen.ddpm.UNetConfig;
import dev.graft.gen.gan.GanConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code graft gen pretrain}: train a generator on a source domain. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Train a generator from scratch on a source domain, e.g. Fashion-MNIST classes 0-4.")
final class GenPretrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    CommonOptions common;

    /** The source domain. */
    @CommandLine.Mixin
    Flags.Data data = new Flags.Data("fashion-mnist:0-4");

    @Option(names = "--model", defaultValue = "ddpm", description = "ddpm or gan (default: ${DEFAULT-VALUE})")
    String model;

    @CommandLine.Mixin
    Flags.Out out = Flags.Out.note("required");

    @Option(names = "--minutes", defaultValue = "40", description = "wall-time budget (default: ${DEFAULT-VALUE})")
    double minutes;

    @Option(names = "--steps", description = "optimizer steps at most (default: until the time budget)")
    Integer steps;

    @Option(names = "--batch", description = "images per step (default 64)")
    Integer batch;

    @CommandLine.Mixin
    Flags.Lr lr = Flags.Lr.note("1e-3 for ddpm, 2e-4 for gan");

    @Option(names = "--channels", defaultValue = "16",
            description = "ddpm: UNet channels of the first level (default: ${DEFAULT-VALUE})")
    int channels;

    @Option(names = "--width", defaultValue = "64", description = "gan: generator width (default: ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--sampling-steps", defaultValue = "25",
            description = "ddpm: DDIM steps when sampling (default: ${DEFAULT-VALUE})")
    int samplingSteps;

    @CommandLine.Mixin
    Flags.Seed seed = new Flags.Seed(GenTrainConfig.DEFAULT_SEED);

    @Option(names = "--init", description = "continue training the generator of this pretrain run")
    Path init;

    @CommandLine.Mixin
    Flags.Force force;

    @Override
    public Integer call() {
        Path dir = out.path();
        GenKind kind = GenKind.parse(model);
        GenTrainConfig.Builder b = GenPretrain.defaults(kind).toBuilder().seed(seed.value()).maxSeconds(minutes * 60);
        if (steps != null) {
            b.steps(steps);
        }
        if (batch != null) {
            b.batchSize(batch);
        }
        if (lr.given()) {
            b.lr(lr.floatValue());
        }
        UNetConfig unet = new UNetConfig(channels, new int[] {1, 2, 2}, Math.max(1, Math.min(8, channels / 4)), 1, 28);
        GanConfig gan = new GanConfig(64, width, 28);
        GenInfo info = GenPretrain.run(new GenPretrain.Request(data.value(), kind, unet, gan, b.build(), samplingSteps,
                dir, force.value(), common.threads(), init));
        if (GenCli.json(spec, common, info)) {
            return 0;
        }
        spec.commandLine().getOut().printf("%s generator pretrained on %s: %d steps in %.0f s -> %s%n", kind,
                info.data().description(), info.result().get("steps").longValue(), info.result().get("seconds"), dir);
        return 0;
    }
}
