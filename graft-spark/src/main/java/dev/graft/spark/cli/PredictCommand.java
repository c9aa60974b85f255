package dev.graft.spark.cli;

import dev.graft.cli.Flags;
import dev.graft.spark.GraftModel;
import dev.graft.spark.SparkJobs;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code graft spark predict}: labels for every image, from a saved pipeline or a run folder. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict every image with a pipeline saved by graft spark train, or a run folder made by "
                + "graft train. Prints file, predicted class and probability, tab-separated, to stdout.")
public final class PredictCommand implements Callable<Integer> {
    @Mixin
    SparkOptions spark;

    @ArgGroup(multiplicity = "1")
    Model model;

    /** Exactly one of the two model kinds. */
    static final class Model {
        @Option(names = "--pipeline", description = "folder saved by graft spark train")
        String pipeline;

        @Option(names = "--run", description = "run folder made by graft train")
        String run;
    }

    /** An image folder, searched recursively. */
    @Mixin
    Flags.Data data = Flags.Data.note("required");

    @Override
    public Integer call() throws Exception {
        data.value();
        return Errors.oneLine(this::run);
    }

    private Integer run() {
        try (SparkOptions.Session s = spark.open("predict")) {
            Transformer t;
            SparkJobs.Source src;
            if (model.pipeline != null) {
                PipelineModel pm = PipelineModel.load(model.pipeline);
                t = pm;
                src = SparkJobs.sourceOf(pm);
            } else {
                src = spark.source();
                t = new GraftModel().setRun(model.run).setInputCol(src.column).setBatchSize(spark.batchSize);
            }
            List<SparkJobs.Prediction> ps = SparkJobs.predict(t, spark.images(s.spark(), data.value(), src));
            for (SparkJobs.Prediction p : ps) {
                System.out.println(p.file() + "\t" + (p.predicted() == null ? "-" : p.predicted()) + "\t"
                        + (p.predicted() == null ? "unreadable" : String.format("%.4f", p.probability())));
            }
            long bad = ps.stream().filter(p -> p.predicted() == null).count();
            double acc = SparkJobs.accuracy(ps);
            System.err.printf("%d images, %d unreadable%s%n", ps.size(), bad,
                    Double.isNaN(acc) ? "" : String.format("; accuracy against folder names %.4f", acc));
        }
        return 0;
    }
}
