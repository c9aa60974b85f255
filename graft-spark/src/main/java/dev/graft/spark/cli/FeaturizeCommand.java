package dev.graft.spark.cli;

import dev.graft.spark.GraftFeaturizer;
import dev.graft.spark.SparkJobs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code graft spark featurize}: an image folder to Parquet feature vectors. */
@Command(name = "featurize", mixinStandardHelpOptions = true,
        description = "Compute feature vectors (the input of the final Linear layer) for every image, in parallel, "
                + "and write file, label, features, error as Parquet. Unreadable images get null features.")
public final class FeaturizeCommand implements Callable<Integer> {
    @Mixin
    SparkOptions spark;

    @Option(names = "--data", required = true, description = "image folder, searched recursively; the parent folder "
            + "name becomes the label (any Hadoop path)")
    String data;

    @Mixin
    BackboneOptions backbone;

    @Option(names = "--out", required = true, description = "Parquet output folder")
    String out;

    @Option(names = "--force", description = "replace --out if it holds earlier output of this command (anything else is refused); "
            + "the old output stays until the new one is complete")
    boolean force;

    @Override
    public Integer call() throws Exception {
        return Errors.oneLine(this::run);
    }

    private Integer run() {
        GraftFeaturizer f = backbone.featurizer(spark);
        try (SparkOptions.Session s = spark.open("featurize")) {
            SparkJobs.Source src = spark.source();
            var r = SparkJobs.featurize(f, spark.images(s.spark(), data, src), out, force,
                    backbone.inputs(data));
            System.out.printf("featurized %d images (%d unreadable, null features) into %s: %d-wide vectors, %.1f s%n",
                    r.rows(), r.skipped(), out, r.featureDim(), r.seconds());
        }
        return 0;
    }
}
