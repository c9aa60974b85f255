package dev.graft.spark;

import dev.graft.spark.exec.ImageInput;
import dev.graft.spark.exec.ImageTask;
import dev.graft.spark.exec.ModelBundle;
import dev.graft.spark.exec.ModelSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;

/**
 * What Graft's image stages share: an image column in (encoded bytes, a path, or Spark's image
 * struct), one network per partition from broadcast weights, and nulls plus a counted warning for
 * images that cannot be read.
 */
public abstract class ImageTransformer extends Transformer implements MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> inputCol;
    private final IntParam batchSize;
    private final Param<String> errorCol;
    private transient ModelSource source;
    private transient String sourceKey;
    private transient Broadcast<ModelBundle> broadcast;
    private transient SparkContext broadcastContext;
    private transient LongAccumulator badImages;

    protected ImageTransformer(String uid) {
        this.uid = uid;
        this.inputCol = new Param<>(this, "inputCol", "image column: encoded bytes (binaryFile's content), a path, "
                + "or the image source's struct");
        this.batchSize = new IntParam(this, "batchSize", "images per forward pass", ParamValidators.gtEq(1));
        this.errorCol = new Param<>(this, "errorCol", "column for the reason an image was skipped; empty for none");
        setDefault(inputCol, "content");
        setDefault(batchSize, 32);
        setDefault(errorCol, "");
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The image column (default {@code content}, the {@code binaryFile} source's bytes). */
    public Param<String> inputCol() {
        return inputCol;
    }

    /** Images per forward pass (default 32). */
    public IntParam batchSize() {
        return batchSize;
    }

    /** A column for why an image was skipped, null on good rows (default empty: no column). */
    public Param<String> errorCol() {
        return errorCol;
    }

    public String getInputCol() {
        return getOrDefault(inputCol);
    }

    public int getBatchSize() {
        return (Integer) getOrDefault(batchSize);
    }

    public String getErrorCol() {
        return getOrDefault(errorCol);
    }

    /**
     * Counts the images skipped by the last {@link #transform}, once its result has been
     * computed; null before. Spark may count an image again when a task is retried or the
     * result is recomputed, so persist the result when the count matters.
     */
    public LongAccumulator badImages() {
        return badImages;
    }

    /** The weights to load: a tag, file or run folder, and the architecture (or null). */
    protected abstract ModelSource resolve(SparkSession spark);

    /** What the task appends. */
    protected abstract ImageTask.Output output();

    /** The appended columns, in the order the task appends them (error column excluded). */
    protected abstract List<StructField> outputFields();

    /** A cache key of everything {@link #resolve} reads. */
    protected abstract String sourceKey();

    @Override
    public StructType transformSchema(StructType schema) {
        ImageInput.of(schema, getInputCol());
        List<StructField> fields = new ArrayList<>(List.of(schema.fields()));
        List<StructField> added = new ArrayList<>(outputFields());
        if (!getErrorCol().isEmpty()) {
            added.add(DataTypes.createStructField(getErrorCol(), DataTypes.StringType, true));
        }
        for (StructField f : added) {
            if (List.of(schema.fieldNames()).contains(f.name())) {
                throw new IllegalArgumentException("output column '" + f.name() + "' already exists; choose "
                        + "another name or drop that column first");
            }
            fields.add(f);
        }
        return new StructType(fields.toArray(new StructField[0]));
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        SparkSession spark = dataset.sparkSession();
        ModelSource src = source(spark);
        ImageInput kind = ImageInput.of(dataset.schema(), getInputCol());
        SparkContext sc = spark.sparkContext();
        badImages = sc.longAccumulator("graft skipped images (" + uid + ")");
        List<String> names = List.of(dataset.schema().fieldNames());
        ImageTask task = ImageTask.builder()
                .setModel(src, broadcast(sc, src))
                .setOutput(output())
                .setInput(kind, names.indexOf(getInputCol()))
                .setBadCounter(badImages)
                .optOriginIndex(names.indexOf("path"))
                .optBatchSize(getBatchSize())
                .optErrorColumn(!getErrorCol().isEmpty())
                .optHadoop(kind == ImageInput.PATH ? SerializableConfiguration.broadcast(sc) : null)
                .build();
        return dataset.toDF().mapPartitions(task, Encoders.row(out));
    }

    /** The resolved weights, cached while the parameters that name them stay the same. */
    protected synchronized ModelSource source(SparkSession spark) {
        String key = sourceKey();
        if (source == null || !key.equals(sourceKey)) {
            source = resolve(spark);
            sourceKey = key;
            broadcast = null;
        }
        return source;
    }

    private synchronized Broadcast<ModelBundle> broadcast(SparkContext sc, ModelSource src) {
        if (broadcast == null || broadcastContext != sc || sc.isStopped()) {
            broadcast = JavaSparkContext.fromSparkContext(sc).broadcast(src.bundle());
            broadcastContext = sc;
        }
        return broadcast;
    }

    /** Saves the parameters, plus the model's files unless they are a registry tag's. */
    @Override
    public MLWriter write() {
        return new StageIO.Writer(this, () -> bundledFiles());
    }

    /** The files to copy into a saved stage, or null when the weights are a registry tag. */
    protected abstract ModelBundle bundledFiles();
}
