package dev.graft.spark.cli;

import dev.graft.cli.Flags;
import dev.graft.spark.bench.FeaturizeBench;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code graft spark bench}: featurization images/s, plain library against Spark local[N]. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure featurization throughput: the plain library in one thread against Spark in each "
                + "--masters, on the same Fashion-MNIST PNG files; Spark's start-up is reported apart.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "resnet18_small", description = "architecture (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--images", defaultValue = "2000", description = "images per run (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--masters", defaultValue = "local[1],local[2]", split = ",",
            description = "Spark masters to compare (default: ${DEFAULT-VALUE})")
    List<String> masters;

    @Option(names = "--repeats", defaultValue = "2", description = "warm runs per mode; the best counts (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--batch-size", defaultValue = "32", description = "images per forward pass (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--dir", description = "folder for the images and weights (default: a temporary folder)")
    Path dir;

    @Mixin
    Flags.Verbose verbose;

    @Override
    public Integer call() throws Exception {
        return Errors.oneLine(this::run);
    }

    private Integer run() throws IOException {
        JvmFlags.require();
        Path d = dir != null ? dir : Files.createTempDirectory("graft-spark-bench");
        var c = new FeaturizeBench.Config(model, images, masters, repeats, batchSize, d);
        System.out.print(FeaturizeBench.format(c, FeaturizeBench.run(c)));
        return 0;
    }
}
