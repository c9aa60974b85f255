package dev.graft.spark.cli;

import dev.graft.cli.Flags;
import dev.graft.spark.GraftFeaturizer;
import dev.graft.spark.SparkJobs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code graft spark featurize}: an image folder to Parquet feature vectors. */
@Command(name = "featurize", mixinStandardHelpOptions = true,
        description = "Compute feature vectors (the input of the final Linear layer) for every image, in parallel, "
                + "and write file, label, features, error as Parquet. Unreadable images get null features.")
public final class FeaturizeCommand implements Callable<Integer> {
    @Mixin
    SparkOptions spark;

    /** An image folder, searched recursively; the parent folder's name becomes the label. */
    @Mixin
    Flags.Data data = Flags.Data.note("required");

    @Mixin
    BackboneOptions backbone;

    /** The Parquet output folder. */
    @Mixin
    Flags.Out out = Flags.Out.note("required");

    @Mixin
    Flags.Force force;

    @Override
    public Integer call() throws Exception {
        data.value();
        out.value();
        return Errors.oneLine(this::run);
    }

    private Integer run() {
        GraftFeaturizer f = backbone.featurizer(spark);
        try (SparkOptions.Session s = spark.open("featurize")) {
            SparkJobs.Source src = spark.source();
            var r = SparkJobs.featurize(f, spark.images(s.spark(), data.value(), src), out.value(), force.value(),
                    backbone.inputs(data.value()));
            System.out.printf("featurized %d images (%d unreadable, null features) into %s: %d-wide vectors, %.1f s%n",
                    r.rows(), r.skipped(), out.value(), r.featureDim(), r.seconds());
        }
        return 0;
    }
}
