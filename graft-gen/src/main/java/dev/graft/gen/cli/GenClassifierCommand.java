package dev.graft.gen.cli;

import dev.graft.cli.CommonOptions;
import dev.graft.cli.Flags;
import dev.graft.engine.Engines;
import dev.graft.gen.GenCache;
import dev.graft.gen.score.GenClassifier;
import dev.graft.gen.GenTrainConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code graft gen classifier}: (re)train the Fashion-MNIST classifier behind the generator scores. */
@Command(name = "classifier", mixinStandardHelpOptions = true,
        description = "Train the Fashion-MNIST classifier whose features FID, domain accuracy, diversity and "
                + "memorisation use. Graft ships one; this reproduces it.")
final class GenClassifierCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    CommonOptions common;

    /** The classifier file to write. */
    @CommandLine.Mixin
    Flags.Out out = Flags.Out.note("the cache, where scoring looks first");

    @CommandLine.Mixin
    Flags.Epochs epochs = new Flags.Epochs(3);

    @CommandLine.Mixin
    Flags.Seed seed = new Flags.Seed(GenTrainConfig.DEFAULT_SEED);

    @Override
    public Integer call() {
        Engines.start(common.threads());
        Path file = out.given() ? out.path() : GenCache.resolve(GenClassifier.CACHE_NAME);
        GenClassifier.Trained t = GenClassifier.train(file, epochs.value(), seed.value());
        if (GenCli.json(spec, common, java.util.Map.of("testAccuracy", t.testAccuracy(), "file", file.toString()))) {
            return 0;
        }
        spec.commandLine().getOut().printf("classifier test accuracy %.4f -> %s%n", t.testAccuracy(), file);
        return 0;
    }
}
