package dev.graft.spark;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import dev.graft.model.HeadSpec;
import dev.graft.weights.Safetensors;
import dev.graft.weights.StateDict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * A head fitted by {@link GraftClassifier}: feature vectors in; the most probable class index, the
 * probability of every class, and the class name out. A null feature vector gives nulls. Saved as
 * Spark metadata plus {@code data/head.safetensors}, whose metadata holds the labels and head shape.
 */
public final class GraftClassifierModel extends Model<GraftClassifierModel> implements MLWritable {
    private static final long serialVersionUID = 1L;
    private static final Gson GSON = new Gson();
    private static final String HEAD_FILE = "data/head.safetensors";

    private final String uid;
    private final HeadWeights head;
    private final HeadSpec spec;
    private final List<String> labels;
    private final Map<String, Double> summary;
    private final Param<String> featuresCol;
    private final Param<String> predictionCol;
    private final Param<String> probabilityCol;
    private final Param<String> predictedLabelCol;

    /** An unfitted shell, for schema checks and {@code defaultCopy}; it cannot transform. */
    public GraftClassifierModel(String uid) {
        this(uid, null, null, List.of(), Map.of());
    }

    GraftClassifierModel(String uid, HeadWeights head, HeadSpec spec, List<String> labels, Map<String, Double> summary) {
        this.uid = uid;
        this.head = head;
        this.spec = spec;
        this.labels = List.copyOf(labels);
        this.summary = Map.copyOf(summary);
        featuresCol = new Param<>(this, "featuresCol", "feature vector column");
        predictionCol = new Param<>(this, "predictionCol", "most probable class index");
        probabilityCol = new Param<>(this, "probabilityCol", "probability of every class");
        predictedLabelCol = new Param<>(this, "predictedLabelCol", "name of the most probable class");
        setDefault(featuresCol, "features");
        setDefault(predictionCol, "prediction");
        setDefault(probabilityCol, "probability");
        setDefault(predictedLabelCol, "predictedLabel");
    }

    @Override
    public String uid() {
        return uid;
    }

    /** Feature vectors (default {@code features}). */
    public Param<String> featuresCol() { return featuresCol; }
    /** Predicted class index (default {@code prediction}). */
    public Param<String> predictionCol() { return predictionCol; }
    /** Probabilities (default {@code probability}). */
    public Param<String> probabilityCol() { return probabilityCol; }
    /** Predicted class name (default {@code predictedLabel}). */
    public Param<String> predictedLabelCol() { return predictedLabelCol; }

    public GraftClassifierModel setFeaturesCol(String v) { set(featuresCol, v); return this; }
    public GraftClassifierModel setPredictionCol(String v) { set(predictionCol, v); return this; }
    public GraftClassifierModel setProbabilityCol(String v) { set(probabilityCol, v); return this; }
    public GraftClassifierModel setPredictedLabelCol(String v) { set(predictedLabelCol, v); return this; }

    /** Class names, by index. */
    public List<String> labels() {
        return labels;
    }

    /** Numbers about the fit: validation accuracy and loss, best epoch, rows used and skipped. */
    public Map<String, Double> summary() {
        return summary;
    }

    /** The head's shape. */
    public HeadSpec headSpec() {
        return spec;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        List<String> names = List.of(schema.fieldNames());
        String f = getOrDefault(featuresCol);
        if (!names.contains(f) || !schema.apply(f).dataType().equals(SQLDataTypes.VectorType())) {
            throw new IllegalArgumentException("features column '" + f + "' must exist and hold ml vectors; columns "
                    + "are " + names);
        }
        StructType out = schema;
        for (StructField add : List.of(
                DataTypes.createStructField(getOrDefault(probabilityCol), SQLDataTypes.VectorType(), true),
                DataTypes.createStructField(getOrDefault(predictionCol), DataTypes.DoubleType, true),
                DataTypes.createStructField(getOrDefault(predictedLabelCol), DataTypes.StringType, true))) {
            if (names.contains(add.name())) {
                throw new IllegalArgumentException("output column '" + add.name() + "' already exists; choose another "
                        + "name or drop that column first");
            }
            out = out.add(add);
        }
        return out;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        if (head == null) {
            throw new IllegalStateException("this GraftClassifierModel has no head; fit a GraftClassifier or load one");
        }
        HeadWeights h = head;
        String[] names = labels.toArray(new String[0]);
        UserDefinedFunction prob = functions.udf((UDF1<Vector, Vector>) v -> v == null ? null
                : Vectors.dense(h.probabilities(v.toArray())), SQLDataTypes.VectorType());
        UserDefinedFunction best = functions.udf((UDF1<Vector, Double>) p -> p == null ? null : (double) p.argmax(),
                DataTypes.DoubleType);
        UserDefinedFunction name = functions.udf((UDF1<Double, String>) i -> i == null ? null : names[i.intValue()],
                DataTypes.StringType);
        String pc = getOrDefault(probabilityCol);
        Column p = prob.apply(dataset.col(getOrDefault(featuresCol)));
        Dataset<Row> out = dataset.toDF().withColumn(pc, p);
        out = out.withColumn(getOrDefault(predictionCol), best.apply(out.col(pc)));
        out = out.withColumn(getOrDefault(predictedLabelCol), name.apply(out.col(getOrDefault(predictionCol))));
        return out;
    }

    @Override
    public GraftClassifierModel copy(ParamMap extra) {
        GraftClassifierModel m = new GraftClassifierModel(uid, head, spec, labels, summary);
        return (GraftClassifierModel) copyValues(m, extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                DefaultParamsWriter.saveMetadata(GraftClassifierModel.this, path, sparkSession());
                StateDict sd = head.stateDict();
                sd.metadata().put("labels", GSON.toJson(labels));
                sd.metadata().put("head", spec.describe().split(" ")[0]);
                sd.metadata().put("dropout", Float.toString(spec.dropout()));
                sd.metadata().put("summary", GSON.toJson(summary));
                StageIO.writeFile(sparkSession(), new Path(path, HEAD_FILE), bytes(sd));
            }
        };
    }

    public static MLReader<GraftClassifierModel> read() {
        return new MLReader<>() {
            @Override
            public GraftClassifierModel load(String path) {
                var meta = DefaultParamsReader.loadMetadata(path, sparkSession(), GraftClassifierModel.class.getName());
                StateDict sd = parse(StageIO.readFile(sparkSession(), new Path(path, HEAD_FILE)));
                HeadSpec spec = HeadSpec.parse(sd.metadata().get("head"), Float.parseFloat(sd.metadata().get("dropout")));
                List<String> labels = GSON.fromJson(sd.metadata().get("labels"), new TypeToken<List<String>>() { }.getType());
                Map<String, Double> summary = GSON.fromJson(sd.metadata().get("summary"),
                        new TypeToken<Map<String, Double>>() { }.getType());
                GraftClassifierModel m = new GraftClassifierModel(meta.uid(), HeadWeights.of(sd, spec), spec, labels,
                        summary);
                meta.getAndSetParams(m, Option.empty());
                return m;
            }
        };
    }

    public static GraftClassifierModel load(String path) {
        return read().load(path);
    }

    /** Safetensors reads and writes files, so the head goes through a temporary one. */
    private static byte[] bytes(StateDict sd) {
        return viaTempFile(tmp -> {
            Safetensors.write(sd, tmp);
            return Files.readAllBytes(tmp);
        });
    }

    private static StateDict parse(byte[] b) {
        return viaTempFile(tmp -> Safetensors.read(Files.write(tmp, b)));
    }

    /** Work on a temporary file, deleted afterwards. */
    private interface TempFileWork<T> {
        T apply(java.nio.file.Path tmp) throws IOException;
    }

    private static <T> T viaTempFile(TempFileWork<T> work) {
        try {
            java.nio.file.Path tmp = Files.createTempFile("graft-head", ".safetensors");
            try {
                return work.apply(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pass the head through a temporary file: " + e.getMessage(), e);
        }
    }
}
