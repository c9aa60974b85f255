package dev.graft.spark;

import ai.djl.ndarray.NDManager;
import dev.graft.engine.Engines;
import dev.graft.model.ClassifierHead;
import dev.graft.model.HeadSpec;
import dev.graft.train.FeatureCache;
import dev.graft.train.ImageBatches;
import dev.graft.train.TrainConfig;
import dev.graft.train.TrainResult;
import dev.graft.train.Trainer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The two ways {@link GraftClassifier} fits a head. */
final class HeadFit {
    private static final Logger LOG = LoggerFactory.getLogger(HeadFit.class);
    private static final String INDEX = "__graft_label_index";

    private HeadFit() {}

    /** A fitted head, its class names, and numbers about the fit. */
    record Result(HeadWeights head, HeadSpec spec, List<String> labels, Map<String, Double> summary) {}

    /** Graft's ClassifierHead and Trainer, on the driver. */
    static Result graft(GraftClassifier c, Dataset<Row> data) {
        List<String> labels = c.labelNames(data);
        FeatureCache all = gather(indexed(c, data, labels).toLocalIterator());
        int n = all.size();
        Map<String, Double> summary = new LinkedHashMap<>();
        summary.put("skippedRows", (double) (data.count() - n));
        if (n == 0 || labels.size() < 2) {
            throw new IllegalArgumentException("need rows of at least 2 classes with a feature vector to train on; got "
                    + n + " row(s) of " + labels.size() + " class(es)");
        }
        int dim = all.dim();
        long seed = c.getSeed();
        int[] order = ImageBatches.shuffled(n, seed);
        int nVal = (int) Math.round(n * c.getValFraction());
        nVal = Math.min(nVal, n - 1);
        FeatureCache train = cache(all, order, nVal, n, dim);
        FeatureCache val = nVal == 0 ? train : cache(all, order, 0, nVal, dim);
        HeadSpec spec = HeadSpec.parse(c.getHead(), (float) c.getDropout());
        TrainConfig cfg = TrainConfig.builder().optEpochs(c.getEpochs()).optBatchSize(c.getBatchSize())
                .optLr((float) c.getLr()).optWeightDecay((float) c.getWeightDecay())
                .optLabelSmoothing((float) c.getLabelSmoothing()).optPatience(c.getPatience()).optSeed(seed).build();
        Engines.start();
        try (NDManager manager = Engines.newManager()) {
            ClassifierHead head = new ClassifierHead(dim, labels.size(), spec);
            head.materialize(manager, seed);
            TrainResult r = new Trainer(head, cfg, "head", Map.of(), List.of())
                    .fit(FeatureCache.batches(train, val, cfg.batchSize(), seed));
            summary.put("trainRows", (double) train.size());
            summary.put("valRows", (double) (nVal == 0 ? 0 : val.size()));
            summary.put("bestEpoch", (double) r.bestEpoch());
            summary.put("valLoss", r.bestValLoss());
            summary.put("valAccuracy", r.bestValAcc());
            summary.put("seconds", r.seconds());
            LOG.info("graft: head trained on {} rows, best epoch {} (validation accuracy {})", train.size(),
                    r.bestEpoch(), r.bestValAcc());
            return new Result(HeadWeights.of(head.stateDict(), spec), spec, labels, summary);
        }
    }

    /** Spark's multinomial LogisticRegression, which becomes an equivalent linear head. */
    static Result mllib(GraftClassifier c, Dataset<Row> data) {
        if (!c.getHead().equalsIgnoreCase("linear")) {
            throw new IllegalArgumentException("solver mllib fits a linear head only; use head linear or solver graft");
        }
        List<String> labels = c.labelNames(data);
        Dataset<Row> rows = indexed(c, data, labels);
        LogisticRegression lr = new LogisticRegression().setFamily("multinomial").setFeaturesCol(c.getFeaturesCol())
                .setLabelCol(INDEX).setMaxIter(c.getMaxIter()).setRegParam(c.getRegParam());
        LogisticRegressionModel m = lr.fit(rows);
        Matrix coef = m.coefficientMatrix();
        if (coef.numRows() != labels.size()) {
            throw new IllegalStateException("LogisticRegression found " + coef.numRows() + " classes, expected "
                    + labels.size());
        }
        int k = coef.numRows();
        int dim = coef.numCols();
        float[] w = new float[k * dim];
        float[] b = new float[k];
        for (int r = 0; r < k; r++) {
            for (int j = 0; j < dim; j++) {
                w[r * dim + j] = (float) coef.apply(r, j);
            }
            b[r] = (float) m.interceptVector().apply(r);
        }
        Map<String, Double> summary = new LinkedHashMap<>();
        summary.put("trainAccuracy", m.summary().accuracy());
        summary.put("iterations", (double) m.summary().totalIterations());
        return new Result(HeadWeights.linear(k, dim, w, b), HeadSpec.LINEAR, labels, summary);
    }

    /** (features, class index) for rows with both, the index as a double as MLlib wants it. */
    private static Dataset<Row> indexed(GraftClassifier c, Dataset<Row> data, List<String> labels) {
        String f = c.getFeaturesCol();
        String l = c.getLabelCol();
        boolean names = data.schema().apply(l).dataType() instanceof StringType;
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            index.put(labels.get(i), i);
        }
        StructType schema = new StructType().add(f, data.schema().apply(f).dataType(), false)
                .add(INDEX, DataTypes.DoubleType, false);
        Dataset<Row> both = data.where(data.col(f).isNotNull().and(data.col(l).isNotNull()));
        return both.map((MapFunction<Row, Row>) r -> RowFactory.create(r.get(0),
                names ? (double) index.get(r.getString(1)) : classIndex(((Number) r.get(1)).doubleValue())),
                Encoders.row(schema));
    }

    private static double classIndex(double v) {
        if (v < 0 || v != Math.rint(v)) {
            throw new IllegalArgumentException("label " + v + " is not a class index 0..k-1");
        }
        return v;
    }

    /**
     * Every row's vector as floats, one partition at a time: the driver holds 4 bytes per value,
     * not the collected rows' 8 plus per-row overhead.
     */
    private static FeatureCache gather(Iterator<Row> rows) {
        float[] x = new float[0];
        int[] y = new int[0];
        int n = 0;
        int dim = -1;
        while (rows.hasNext()) {
            Row r = rows.next();
            Vector v = (Vector) r.get(0);
            if (dim < 0) {
                dim = v.size();
            } else if (v.size() != dim) {
                throw new IllegalArgumentException("feature vectors differ in width (" + v.size() + " and " + dim
                        + "); featurize every row with the same backbone");
            }
            if ((long) (n + 1) * dim > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("more feature values than one Java array holds (" + n + " rows of "
                        + dim + "); train with solver mllib, which fits on the cluster");
            }
            if ((long) (n + 1) * dim > x.length) {
                x = Arrays.copyOf(x, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(dim, 2L * x.length)));
                y = Arrays.copyOf(y, Math.max(1, y.length * 2));
            }
            for (int j = 0; j < dim; j++) {
                x[n * dim + j] = (float) v.apply(j);
            }
            y[n++] = (int) r.getDouble(1);
        }
        return new FeatureCache(Arrays.copyOf(x, Math.max(0, n * dim)), Math.max(dim, 0), Arrays.copyOf(y, n));
    }

    /** Rows {@code order[from..to)} of {@code all}. */
    private static FeatureCache cache(FeatureCache all, int[] order, int from, int to, int dim) {
        int n = to - from;
        float[] x = new float[n * dim];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int r = order[from + i];
            System.arraycopy(all.x(), r * dim, x, i * dim, dim);
            y[i] = all.labels()[r];
        }
        return new FeatureCache(x, dim, y);
    }
}
