package dev.graft.gen.cli;

import dev.graft.engine.Engines;
import dev.graft.gen.GenCache;
import dev.graft.gen.score.GenClassifier;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code graft gen classifier}: (re)train the Fashion-MNIST classifier behind the generator scores. */
@Command(name = "classifier", mixinStandardHelpOptions = true,
        description = "Train the Fashion-MNIST classifier whose features FID, domain accuracy, diversity and "
                + "memorisation use. Graft ships one; this reproduces it.")
final class GenClassifierCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    GenCli.Common common;

    @Option(names = "--out", description = "file to write (default: the cache, where scoring looks first)")
    Path out;

    @Option(names = "--epochs", defaultValue = "3", description = "epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--seed", defaultValue = "42", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        Engines.start(common.threads());
        Path file = out != null ? out : GenCache.resolve(GenClassifier.CACHE_NAME);
        GenClassifier.Trained t = GenClassifier.train(file, epochs, seed, GenCli.progress(spec));
        spec.commandLine().getOut().printf("classifier test accuracy %.4f -> %s%n", t.testAccuracy(), file);
        return 0;
    }
}
