package dev.graft.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The {@code graft spark} commands as library calls: read an image folder, featurize it to
 * Parquet, train and save a featurizer + classifier pipeline, or predict with a saved pipeline or
 * a run folder. Each returns a result record; the CLI only parses flags and prints it.
 */
public final class SparkJobs {
    /** The column holding each image's file, whichever source read it. */
    public static final String FILE = "file";

    private SparkJobs() {}

    /** Which Spark source reads the images. */
    public enum Source {
        /** {@code binaryFile}: encoded bytes, decoded by Graft (column {@code content}). */
        BINARY("content"),
        /** Spark's {@code image} source: decoded by Spark to BGR (column {@code image}). */
        IMAGE("image");

        /** The image column this source gives. */
        public final String column;

        Source(String column) {
            this.column = column;
        }
    }

    /** An image folder (one subfolder per class, or any tree) with {@code file} and {@code label}. */
    public static Dataset<Row> images(SparkSession spark, String dir, Source source, int partitions) {
        dev.graft.check.Checks.range("partitions", partitions, 0, 1_000_000);
        Dataset<Row> df = source == Source.BINARY ? GraftImages.binaryFiles(spark, dir)
                : GraftImages.imageFiles(spark, dir);
        df = df.withColumn(FILE, source == Source.BINARY ? df.col("path") : df.col("image.origin"));
        return partitions > 0 ? df.repartition(partitions) : df;
    }

    /**
     * What featurizing wrote.
     *
     * @param rows images read
     * @param skipped images that could not be read (null features)
     * @param featureDim width of the vectors
     * @param seconds wall time of the Spark job
     */
    public record FeaturizeResult(long rows, long skipped, int featureDim, double seconds) {}

    /**
     * Featurizes the images and writes {@code file, label, features, error} as Parquet to {@code out}.
     * With {@code force}, an earlier featurize output there is replaced once the new one is complete
     * (see {@link SparkOutput}); anything else there is refused.
     */
    public static FeaturizeResult featurize(GraftFeaturizer f, Dataset<Row> images, String out, boolean force) {
        return featurize(f, images, out, force, Map.of());
    }

    /** @param inputs paths the job reads, by flag, which {@code out} must stay apart from */
    public static FeaturizeResult featurize(GraftFeaturizer f, Dataset<Row> images, String out, boolean force,
            Map<String, String> inputs) {
        long t0 = System.nanoTime();
        SparkOutput target = SparkOutput.prepare(images.sparkSession(), out, force, SparkOutput.Kind.FEATURES, inputs);
        f.setErrorCol("error");
        Dataset<Row> feats = f.transform(images).select(FILE, "label", f.getOutputCol(), "error");
        feats.write().mode(SaveMode.ErrorIfExists).parquet(target.dir());
        target.commit();
        Dataset<Row> written = images.sparkSession().read().parquet(out);
        long rows = written.count();
        long skipped = written.where(written.col(f.getOutputCol()).isNull()).count();
        return new FeaturizeResult(rows, skipped, f.featureDim(images.sparkSession()), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * What training saved.
     *
     * @param labels class names, by index
     * @param summary numbers about the fit
     * @param seconds wall time
     */
    public record TrainResult(List<String> labels, Map<String, Double> summary, double seconds) {}

    /**
     * Fits featurizer + classifier on the images and saves the fitted pipeline to {@code out}. With
     * {@code force}, an earlier saved Graft pipeline there is replaced once the new one is saved
     * (see {@link SparkOutput}); anything else there is refused.
     */
    public static TrainResult train(GraftFeaturizer f, GraftClassifier c, Dataset<Row> images, String out,
            boolean force) throws java.io.IOException {
        return train(f, c, images, out, force, Map.of());
    }

    /** @param inputs paths the job reads, by flag, which {@code out} must stay apart from */
    public static TrainResult train(GraftFeaturizer f, GraftClassifier c, Dataset<Row> images, String out,
            boolean force, Map<String, String> inputs) throws java.io.IOException {
        long t0 = System.nanoTime();
        SparkOutput target = SparkOutput.prepare(images.sparkSession(), out, force, SparkOutput.Kind.PIPELINE, inputs);
        PipelineModel m = new Pipeline().setStages(new PipelineStage[] {f, c}).fit(images);
        m.write().save(target.dir());
        target.commit();
        GraftClassifierModel head = (GraftClassifierModel) m.stages()[1];
        return new TrainResult(head.labels(), head.summary(), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * One image's prediction.
     *
     * @param file the image
     * @param label its folder name (the true class in a class-per-folder layout)
     * @param predicted the most probable class, or null when the image could not be read
     * @param probability its probability
     */
    public record Prediction(String file, String label, String predicted, double probability) {}

    /** The source a saved pipeline's featurizer reads (its input column tells). */
    public static Source sourceOf(PipelineModel m) {
        return Arrays.stream(m.stages()).filter(s -> s instanceof GraftFeaturizer)
                .map(s -> ((GraftFeaturizer) s).getInputCol()).anyMatch("image"::equals) ? Source.IMAGE : Source.BINARY;
    }

    /**
     * Share of predicted images whose folder name equals the predicted class, or NaN when no
     * folder name is a class name (the folders are not labels).
     */
    public static double accuracy(List<Prediction> predictions) {
        long predicted = predictions.stream().filter(p -> p.predicted() != null).count();
        long right = predictions.stream().filter(p -> p.predicted() != null && p.predicted().equals(p.label())).count();
        boolean labelled = predictions.stream().anyMatch(p -> p.predicted() != null
                && predictions.stream().anyMatch(q -> p.predicted().equals(q.label())));
        return predicted == 0 || !labelled ? Double.NaN : right / (double) predicted;
    }

    /** Predicts every image with a saved pipeline or a {@link GraftModel}, sorted by file. */
    public static List<Prediction> predict(Transformer model, Dataset<Row> images) {
        Dataset<Row> p = model.transform(images).select(functions.col(FILE), functions.col("label"),
                functions.col("predictedLabel"), functions.col("probability")).orderBy(FILE);
        List<Prediction> out = new ArrayList<>();
        for (Row r : p.collectAsList()) {
            Vector prob = r.isNullAt(3) ? null : (Vector) r.get(3);
            out.add(new Prediction(r.getString(0), r.getString(1), r.getString(2),
                    prob == null ? Double.NaN : prob.apply(prob.argmax())));
        }
        return out;
    }
}
