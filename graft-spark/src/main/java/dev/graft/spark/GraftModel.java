package dev.graft.spark;

import dev.graft.spark.exec.ImageTask;
import dev.graft.spark.exec.ModelBundle;
import dev.graft.spark.exec.ModelSource;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Batch prediction with a run folder made by {@code graft train}: images in; the most probable
 * class index, the probability of every class, and the class name out. The run's {@code graft.json}
 * supplies the architecture, head, labels and preprocessing. Saving copies the run's model and
 * {@code graft.json} into the saved stage.
 */
public final class GraftModel extends ImageTransformer {
    private static final long serialVersionUID = 1L;

    private final Param<String> run;
    private final Param<String> predictionCol;
    private final Param<String> probabilityCol;
    private final Param<String> predictedLabelCol;

    public GraftModel() {
        this(Identifiable.randomUID("graftModel"));
    }

    public GraftModel(String uid) {
        super(uid);
        run = new Param<>(this, "run", "run folder made by graft train");
        predictionCol = new Param<>(this, "predictionCol", "most probable class index");
        probabilityCol = new Param<>(this, "probabilityCol", "probability of every class");
        predictedLabelCol = new Param<>(this, "predictedLabelCol", "name of the most probable class");
        setDefault(predictionCol, "prediction");
        setDefault(probabilityCol, "probability");
        setDefault(predictedLabelCol, "predictedLabel");
    }

    /** The run folder (required). */
    public Param<String> run() {
        return run;
    }

    /** Most probable class index, a double as Spark's classifiers write it (default {@code prediction}). */
    public Param<String> predictionCol() {
        return predictionCol;
    }

    /** Probability vector (default {@code probability}). */
    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    /** Class name (default {@code predictedLabel}). */
    public Param<String> predictedLabelCol() {
        return predictedLabelCol;
    }

    public GraftModel setRun(String v) {
        set(run, v);
        return this;
    }

    public GraftModel setInputCol(String v) {
        set(inputCol(), v);
        return this;
    }

    public GraftModel setBatchSize(int v) {
        set(batchSize(), v);
        return this;
    }

    public GraftModel setErrorCol(String v) {
        set(errorCol(), v);
        return this;
    }

    public GraftModel setPredictionCol(String v) {
        set(predictionCol, v);
        return this;
    }

    public GraftModel setProbabilityCol(String v) {
        set(probabilityCol, v);
        return this;
    }

    public GraftModel setPredictedLabelCol(String v) {
        set(predictedLabelCol, v);
        return this;
    }

    public String getRun() {
        return isDefined(run) ? getOrDefault(run) : null;
    }

    /** The run's class names, by index; resolves the run folder. */
    public List<String> labels(SparkSession spark) {
        return source(spark).labels();
    }

    @Override
    protected ModelSource resolve(SparkSession spark) {
        if (getRun() == null) {
            throw new IllegalArgumentException("no run folder given: setRun(the --out folder of graft train)");
        }
        ModelSource s = ModelSource.resolve(getRun(), null, spark.sparkContext().hadoopConfiguration());
        if (!s.isRun()) {
            throw new IllegalArgumentException(getRun() + ": not a run folder; give the --out folder of graft train");
        }
        return s;
    }

    @Override
    protected String sourceKey() {
        return String.valueOf(getRun());
    }

    @Override
    protected ImageTask.Output output() {
        return ImageTask.Output.PREDICTIONS;
    }

    @Override
    protected List<StructField> outputFields() {
        return List.of(DataTypes.createStructField(getOrDefault(predictionCol), DataTypes.DoubleType, true),
                DataTypes.createStructField(getOrDefault(probabilityCol), SQLDataTypes.VectorType(), true),
                DataTypes.createStructField(getOrDefault(predictedLabelCol), DataTypes.StringType, true));
    }

    @Override
    protected ModelBundle bundledFiles() {
        return source(SparkSession.active()).bundle();
    }

    @Override
    public GraftModel copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<GraftModel> read() {
        return new StageIO.Reader<>(GraftModel.class, GraftModel::setRun);
    }

    public static GraftModel load(String path) {
        return read().load(path);
    }
}
