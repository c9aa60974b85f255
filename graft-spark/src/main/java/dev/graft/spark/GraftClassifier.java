package dev.graft.spark;

import dev.graft.model.HeadSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Trains a classification head on feature vectors, such as {@link GraftFeaturizer}'s. With solver
 * {@code graft} (the default) Graft's own {@code ClassifierHead} and training loop run on the driver
 * (AdamW, warmup and cosine schedule, label smoothing, early stopping that restores the best
 * epoch), which holds all rows in memory: about 2 GB per million 512-wide vectors. With solver
 * {@code mllib} Spark's multinomial {@code LogisticRegression} fits a linear head on the cluster.
 * Labels may be strings (classes sorted by name) or non-negative whole numbers. Rows with a null
 * feature vector (images that could not be read) are left out and counted.
 */
public final class GraftClassifier extends Estimator<GraftClassifierModel> implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> featuresCol;
    private final Param<String> labelCol;
    private final Param<String> predictionCol;
    private final Param<String> probabilityCol;
    private final Param<String> predictedLabelCol;
    private final Param<String> solver;
    private final Param<String> head;
    private final DoubleParam dropout;
    private final IntParam epochs;
    private final IntParam batchSize;
    private final DoubleParam lr;
    private final DoubleParam weightDecay;
    private final DoubleParam labelSmoothing;
    private final IntParam patience;
    private final DoubleParam valFraction;
    private final LongParam seed;
    private final IntParam maxIter;
    private final DoubleParam regParam;

    public GraftClassifier() {
        this(Identifiable.randomUID("graftClassifier"));
    }

    public GraftClassifier(String uid) {
        this.uid = uid;
        featuresCol = new Param<>(this, "featuresCol", "feature vector column");
        labelCol = new Param<>(this, "labelCol", "label column: class names, or class indices 0..k-1");
        predictionCol = new Param<>(this, "predictionCol", "most probable class index");
        probabilityCol = new Param<>(this, "probabilityCol", "probability of every class");
        predictedLabelCol = new Param<>(this, "predictedLabelCol", "name of the most probable class");
        solver = new Param<>(this, "solver", "graft (Graft's head on the driver) or mllib (LogisticRegression)",
                ParamValidators.inArray(new String[] {"graft", "mllib"}));
        head = new Param<>(this, "head", "linear or mlp:H (solver graft)");
        dropout = new DoubleParam(this, "dropout", "dropout before each Linear layer", ParamValidators.inRange(0, 1, true, false));
        epochs = new IntParam(this, "epochs", "passes over the training rows", ParamValidators.gtEq(1));
        batchSize = new IntParam(this, "batchSize", "rows per step", ParamValidators.gtEq(1));
        lr = new DoubleParam(this, "lr", "peak learning rate", ParamValidators.gt(0));
        weightDecay = new DoubleParam(this, "weightDecay", "AdamW weight decay", ParamValidators.gtEq(0));
        labelSmoothing = new DoubleParam(this, "labelSmoothing", "share of the target spread over all classes",
                ParamValidators.inRange(0, 1, true, false));
        patience = new IntParam(this, "patience", "epochs without improvement before stopping (0 never)",
                ParamValidators.gtEq(0));
        valFraction = new DoubleParam(this, "valFraction", "rows held out to pick the best epoch; "
                + "0 validates on the training rows", ParamValidators.inRange(0, 1, true, false));
        seed = new LongParam(this, "seed", "seeds the split, shuffling and initial weights");
        maxIter = new IntParam(this, "maxIter", "LogisticRegression iterations (solver mllib)", ParamValidators.gtEq(1));
        regParam = new DoubleParam(this, "regParam", "LogisticRegression L2 strength (solver mllib)",
                ParamValidators.gtEq(0));
        setDefault(featuresCol, "features");
        setDefault(labelCol, "label");
        setDefault(predictionCol, "prediction");
        setDefault(probabilityCol, "probability");
        setDefault(predictedLabelCol, "predictedLabel");
        setDefault(solver, "graft");
        setDefault(head, "linear");
        setDefault(dropout, 0.0);
        setDefault(epochs, 30); // a head on fixed features: many cheap epochs
        setDefault(batchSize, 32);
        setDefault(lr, 1e-2);
        setDefault(weightDecay, 0.01);
        setDefault(labelSmoothing, 0.1);
        setDefault(patience, 5);
        setDefault(valFraction, 0.1);
        setDefault(seed, 42L);
        setDefault(maxIter, 100);
        setDefault(regParam, 0.0);
    }

    @Override
    public String uid() {
        return uid;
    }

    /** Feature vectors (default {@code features}). */
    public Param<String> featuresCol() { return featuresCol; }
    /** Labels (default {@code label}). */
    public Param<String> labelCol() { return labelCol; }
    /** Predicted class index (default {@code prediction}). */
    public Param<String> predictionCol() { return predictionCol; }
    /** Probabilities (default {@code probability}). */
    public Param<String> probabilityCol() { return probabilityCol; }
    /** Predicted class name (default {@code predictedLabel}). */
    public Param<String> predictedLabelCol() { return predictedLabelCol; }
    /** {@code graft} or {@code mllib} (default {@code graft}). */
    public Param<String> solver() { return solver; }
    /** {@code linear} or {@code mlp:H} (default {@code linear}). */
    public Param<String> head() { return head; }
    /** Head dropout (default 0). */
    public DoubleParam dropout() { return dropout; }
    /** Epochs (default 10). */
    public IntParam epochs() { return epochs; }
    /** Rows per step (default 32). */
    public IntParam batchSize() { return batchSize; }
    /** Peak learning rate (default 1e-3). */
    public DoubleParam lr() { return lr; }
    /** AdamW weight decay (default 0.01). */
    public DoubleParam weightDecay() { return weightDecay; }
    /** Label smoothing (default 0.1). */
    public DoubleParam labelSmoothing() { return labelSmoothing; }
    /** Early-stopping patience in epochs (default 5). */
    public IntParam patience() { return patience; }
    /** Held-out share for picking the best epoch (default 0.1). */
    public DoubleParam valFraction() { return valFraction; }
    /** Seed (default 42). */
    public LongParam seed() { return seed; }
    /** LogisticRegression iterations (default 100). */
    public IntParam maxIter() { return maxIter; }
    /** LogisticRegression L2 strength (default 0). */
    public DoubleParam regParam() { return regParam; }

    public GraftClassifier setFeaturesCol(String v) { set(featuresCol, v); return this; }
    public GraftClassifier setLabelCol(String v) { set(labelCol, v); return this; }
    public GraftClassifier setPredictionCol(String v) { set(predictionCol, v); return this; }
    public GraftClassifier setProbabilityCol(String v) { set(probabilityCol, v); return this; }
    public GraftClassifier setPredictedLabelCol(String v) { set(predictedLabelCol, v); return this; }
    public GraftClassifier setSolver(String v) { set(solver, v.toLowerCase(Locale.ROOT)); return this; }
    public GraftClassifier setHead(String v) { HeadSpec.parse(v, 0f); set(head, v); return this; }
    public GraftClassifier setDropout(double v) { set(dropout, v); return this; }
    public GraftClassifier setEpochs(int v) { set(epochs, v); return this; }
    public GraftClassifier setBatchSize(int v) { set(batchSize, v); return this; }
    public GraftClassifier setLr(double v) { set(lr, dev.graft.check.Checks.positive("lr", v)); return this; }
    public GraftClassifier setWeightDecay(double v) { set(weightDecay, dev.graft.check.Checks.atLeast("weightDecay", v, 0)); return this; }
    public GraftClassifier setLabelSmoothing(double v) { set(labelSmoothing, v); return this; }
    public GraftClassifier setPatience(int v) { set(patience, v); return this; }
    public GraftClassifier setValFraction(double v) { set(valFraction, v); return this; }
    public GraftClassifier setSeed(long v) { set(seed, v); return this; }
    public GraftClassifier setMaxIter(int v) { set(maxIter, v); return this; }
    public GraftClassifier setRegParam(double v) { set(regParam, v); return this; }

    public String getFeaturesCol() { return getOrDefault(featuresCol); }
    public String getLabelCol() { return getOrDefault(labelCol); }
    public String getSolver() { return getOrDefault(solver); }
    public String getHead() { return getOrDefault(head); }
    public double getDropout() { return (Double) getOrDefault(dropout); }
    public int getEpochs() { return (Integer) getOrDefault(epochs); }
    public int getBatchSize() { return (Integer) getOrDefault(batchSize); }
    public double getLr() { return (Double) getOrDefault(lr); }
    public double getWeightDecay() { return (Double) getOrDefault(weightDecay); }
    public double getLabelSmoothing() { return (Double) getOrDefault(labelSmoothing); }
    public int getPatience() { return (Integer) getOrDefault(patience); }
    public double getValFraction() { return (Double) getOrDefault(valFraction); }
    public long getSeed() { return (Long) getOrDefault(seed); }
    public int getMaxIter() { return (Integer) getOrDefault(maxIter); }
    public double getRegParam() { return (Double) getOrDefault(regParam); }

    @Override
    public StructType transformSchema(StructType schema) {
        List<String> names = List.of(schema.fieldNames());
        for (Param<String> p : List.of(featuresCol, labelCol)) {
            if (!names.contains(getOrDefault(p))) {
                throw new IllegalArgumentException(p.name() + " '" + getOrDefault(p) + "' does not exist; columns are "
                        + names);
            }
        }
        if (!schema.apply(getFeaturesCol()).dataType().equals(SQLDataTypes.VectorType())) {
            throw new IllegalArgumentException("features column '" + getFeaturesCol() + "' must hold ml vectors, "
                    + "such as GraftFeaturizer's output");
        }
        DataType lt = schema.apply(getLabelCol()).dataType();
        if (!(lt instanceof StringType || lt instanceof NumericType)) {
            throw new IllegalArgumentException("label column '" + getLabelCol() + "' has type " + lt.simpleString()
                    + "; it must hold class names (string) or class indices (numbers)");
        }
        return new GraftClassifierModel(uid).setFeaturesCol(getFeaturesCol()).setPredictionCol(getOrDefault(predictionCol))
                .setProbabilityCol(getOrDefault(probabilityCol)).setPredictedLabelCol(getOrDefault(predictedLabelCol))
                .transformSchema(schema);
    }

    @Override
    public GraftClassifierModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Dataset<Row> data = dataset.select(getFeaturesCol(), getLabelCol()).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            HeadFit.Result r = "mllib".equals(getSolver()) ? HeadFit.mllib(this, data) : HeadFit.graft(this, data);
            GraftClassifierModel m = new GraftClassifierModel(uid, r.head(), r.spec(), r.labels(), r.summary());
            copyValues(m, ParamMap.empty());
            return (GraftClassifierModel) m.setParent(this);
        } finally {
            data.unpersist();
        }
    }

    @Override
    public GraftClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<GraftClassifier> read() {
        return new StageIO.Reader<>(GraftClassifier.class, (c, dir) -> { });
    }

    public static GraftClassifier load(String path) {
        return read().load(path);
    }

    /** Labels and options as {@link HeadFit} reads them. */
    List<String> labelNames(Dataset<Row> data) {
        DataType lt = data.schema().apply(getLabelCol()).dataType();
        List<String> out = new ArrayList<>();
        if (lt instanceof StringType) {
            for (Row r : data.select(getLabelCol()).distinct().collectAsList()) {
                if (!r.isNullAt(0)) {
                    out.add(r.getString(0));
                }
            }
            out.sort(null);
            return out;
        }
        Row mm = data.selectExpr("min(cast(" + q(getLabelCol()) + " as double))",
                "max(cast(" + q(getLabelCol()) + " as double))").first();
        if (mm.isNullAt(0)) {
            return out;
        }
        double min = mm.getDouble(0);
        double max = mm.getDouble(1);
        if (min < 0 || max != Math.rint(max) || max > 100_000) {
            throw new IllegalArgumentException("label column '" + getLabelCol() + "' holds numbers from " + min + " to "
                    + max + "; numeric labels must be class indices 0..k-1 (or use string labels)");
        }
        for (int i = 0; i <= (int) max; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }

    private static String q(String col) {
        return "`" + col.replace("`", "``") + "`";
    }
}
