package dev.graft.spark;

import dev.graft.data.Preprocess;
import dev.graft.model.PretrainedSpecs;
import dev.graft.run.RunDir;
import dev.graft.spark.exec.ImageTask;
import dev.graft.spark.exec.ModelBundle;
import dev.graft.spark.exec.ModelSource;
import dev.graft.model.Architectures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Images in, feature vectors out: the input of the final Linear layer of any Graft architecture,
 * with pretrained weights from a registry tag, a safetensors file or a {@code graft train} run
 * folder. Images are preprocessed as the weights expect (the tag's or run's spec, or ImageNet's at
 * the architecture's input size for a bare file) unless the preprocessing parameters override it.
 * Images that cannot be read give a null vector and a counted warning ({@link #badImages()}).
 */
public final class GraftFeaturizer extends ImageTransformer {
    private static final long serialVersionUID = 1L;

    private final Param<String> outputCol;
    private final Param<String> weights;
    private final Param<String> arch;
    private final IntParam imageSize;
    private final IntParam resize;
    private final DoubleArrayParam mean;
    private final DoubleArrayParam std;

    public GraftFeaturizer() {
        this(Identifiable.randomUID("graftFeaturizer"));
    }

    public GraftFeaturizer(String uid) {
        super(uid);
        outputCol = new Param<>(this, "outputCol", "feature vector column");
        weights = new Param<>(this, "weights", "registry tag, .safetensors file, or run folder of graft train");
        arch = new Param<>(this, "arch", "architecture; empty to take it from the tag or run folder");
        imageSize = new IntParam(this, "imageSize", "square input size; 0 keeps the weights' own", ParamValidators.gtEq(0));
        resize = new IntParam(this, "resize", "shorter side before the centre crop; 0 keeps the weights' own",
                ParamValidators.gtEq(0));
        mean = new DoubleArrayParam(this, "mean", "RGB mean on the 0..1 scale; empty keeps the weights' own");
        std = new DoubleArrayParam(this, "std", "RGB standard deviation; empty keeps the weights' own");
        setDefault(outputCol, "features");
        setDefault(arch, "");
        setDefault(imageSize, 0);
        setDefault(resize, 0);
        setDefault(mean, new double[0]);
        setDefault(std, new double[0]);
    }

    /** The feature vector column (default {@code features}). */
    public Param<String> outputCol() {
        return outputCol;
    }

    /** Registry tag, safetensors file or run folder (required). */
    public Param<String> weights() {
        return weights;
    }

    /** Architecture (default: the tag's or run's; required for a bare file). */
    public Param<String> arch() {
        return arch;
    }

    /** Square input size (default 0: the weights' own). */
    public IntParam imageSize() {
        return imageSize;
    }

    /** Shorter side before the centre crop (default 0: the weights' own). */
    public IntParam resize() {
        return resize;
    }

    /** RGB mean (default empty: the weights' own). */
    public DoubleArrayParam mean() {
        return mean;
    }

    /** RGB standard deviation (default empty: the weights' own). */
    public DoubleArrayParam std() {
        return std;
    }

    public GraftFeaturizer setInputCol(String v) {
        set(inputCol(), v);
        return this;
    }

    public GraftFeaturizer setOutputCol(String v) {
        set(outputCol, v);
        return this;
    }

    public GraftFeaturizer setWeights(String v) {
        set(weights, v);
        return this;
    }

    public GraftFeaturizer setArch(String v) {
        set(arch, v);
        return this;
    }

    public GraftFeaturizer setBatchSize(int v) {
        set(batchSize(), v);
        return this;
    }

    public GraftFeaturizer setErrorCol(String v) {
        set(errorCol(), v);
        return this;
    }

    /** Overrides the weights' preprocessing; 0 or an empty array keeps each part. */
    public GraftFeaturizer setPreprocess(int size, int resizeTo, double[] rgbMean, double[] rgbStd) {
        set(imageSize, size);
        set(resize, resizeTo);
        set(mean, rgbMean);
        set(std, rgbStd);
        return this;
    }

    public String getOutputCol() {
        return getOrDefault(outputCol);
    }

    public String getWeights() {
        return isDefined(weights) ? getOrDefault(weights) : null;
    }

    public String getArch() {
        return getOrDefault(arch);
    }

    /** The preprocessing images go through, after overrides; resolves the weights. */
    public Preprocess preprocess(SparkSession spark) {
        return source(spark).preprocess();
    }

    /** Width of the feature vectors; resolves the weights. */
    public int featureDim(SparkSession spark) {
        return Architectures.get(source(spark).arch()).create(1).featureDim();
    }

    @Override
    protected ModelSource resolve(SparkSession spark) {
        ModelSource s = ModelSource.resolve(getWeights(), getArch(), spark.sparkContext().hadoopConfiguration());
        Preprocess p = s.preprocess();
        int size = (Integer) getOrDefault(imageSize) > 0 ? (Integer) getOrDefault(imageSize) : p.size();
        int rs = (Integer) getOrDefault(resize) > 0 ? (Integer) getOrDefault(resize) : Math.max(size, p.resize());
        float[] m = getOrDefault(mean).length > 0 ? rgb(getOrDefault(mean), "mean") : p.mean();
        float[] sd = getOrDefault(std).length > 0 ? rgb(getOrDefault(std), "std") : p.std();
        return new ModelSource(s.bundle(), s.arch(), new Preprocess(size, rs, m, sd), s.run(), s.description());
    }

    private static float[] rgb(double[] v, String what) {
        if (v.length != 3) {
            throw new IllegalArgumentException(what + " needs 3 values (R, G, B), got " + Arrays.toString(v));
        }
        return new float[] {(float) v[0], (float) v[1], (float) v[2]};
    }

    @Override
    protected String sourceKey() {
        return getWeights() + "|" + getArch() + "|" + getOrDefault(imageSize) + "|" + getOrDefault(resize) + "|"
                + Arrays.toString(getOrDefault(mean)) + "|" + Arrays.toString(getOrDefault(std));
    }

    @Override
    protected ImageTask.Output output() {
        return ImageTask.Output.FEATURES;
    }

    @Override
    protected List<StructField> outputFields() {
        return List.of(DataTypes.createStructField(getOrDefault(outputCol), SQLDataTypes.VectorType(), true));
    }

    @Override
    protected ModelBundle bundledFiles() {
        if (getWeights() == null || PretrainedSpecs.find(getWeights()).isPresent()) {
            return null;
        }
        return source(SparkSession.active()).bundle();
    }

    @Override
    public GraftFeaturizer copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<GraftFeaturizer> read() {
        return new StageIO.Reader<>(GraftFeaturizer.class, (f, dir) -> f.setWeights(bundledWeights(dir)));
    }

    public static GraftFeaturizer load(String path) {
        return read().load(path);
    }

    /** A saved run folder is used as a folder; bare weights as their file. */
    private static String bundledWeights(String dir) {
        Path info = new Path(dir, RunDir.INFO);
        try {
            return StageIO.fs(SparkSession.active(), info).exists(info) ? dir : new Path(dir, ModelSource.WEIGHTS).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot read the saved featurizer (" + e.getMessage() + ")", e);
        }
    }
}
