package dev.graft.spark.exec;

import dev.graft.data.Preprocess;
import dev.graft.data.RawImage;
import dev.graft.data.Transforms;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a partition's images through one network in batches and appends the results to each row:
 * a feature vector, or a prediction, its probabilities and its label. A row whose image is null,
 * empty or undecodable gets nulls (and the reason, if asked), adds one to the bad-image counter and
 * logs one warning; it never fails the task. Build it with {@link #builder()}.
 */
public final class ImageTask implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ImageTask.class);

    /** What the task appends to each row. */
    public enum Output {
        /** One column: the feature vector (the input of the final Linear layer). */
        FEATURES,
        /** Three columns: the most probable class index, the probability vector, and its label. */
        PREDICTIONS
    }

    private final Broadcast<ModelBundle> bundle;
    private final String arch;
    private final boolean isRun;
    private final String[] labels;
    private final Output output;
    private final ImageInput kind;
    private final int inputIndex;
    private final int originIndex;
    private final int size;
    private final int resize;
    private final float[] mean;
    private final float[] std;
    private final int batchSize;
    private final boolean errorColumn;
    private final LongAccumulator bad;
    private final Broadcast<SerializableConfiguration> hadoop;

    private ImageTask(Builder b) {
        this.bundle = Objects.requireNonNull(b.bundle, "setModel is required");
        this.arch = b.source.arch();
        this.isRun = b.source.isRun();
        this.labels = b.source.labels().toArray(new String[0]);
        this.output = Objects.requireNonNull(b.output, "setOutput is required");
        this.kind = Objects.requireNonNull(b.kind, "setInput is required");
        this.inputIndex = b.inputIndex;
        this.originIndex = b.originIndex;
        Preprocess p = b.source.preprocess();
        this.size = p.size();
        this.resize = p.resize();
        this.mean = p.mean().clone();
        this.std = p.std().clone();
        this.batchSize = b.batchSize;
        this.errorColumn = b.errorColumn;
        this.bad = Objects.requireNonNull(b.bad, "setBadCounter is required");
        this.hadoop = b.hadoop;
        if (output == Output.PREDICTIONS && !isRun) {
            throw new IllegalArgumentException(b.source.description() + ": predictions need a run folder made by "
                    + "graft train (it holds the labels)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return rows.hasNext() ? new Batched(rows) : Collections.emptyIterator();
    }

    /** Pulls up to a batch of rows, runs the good images at once, and hands the rows back in order. */
    private final class Batched implements Iterator<Row> {
        private final Iterator<Row> in;
        private final ArrayDeque<Row> ready = new ArrayDeque<>();
        private final Preprocess pre = new Preprocess(size, resize, mean, std);
        private PartitionModel model;

        Batched(Iterator<Row> in) {
            this.in = in;
        }

        @Override
        public boolean hasNext() {
            if (ready.isEmpty() && in.hasNext()) {
                fill();
            }
            return !ready.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        private void fill() {
            List<Row> rows = new ArrayList<>(batchSize);
            List<float[]> inputs = new ArrayList<>(batchSize);
            List<String> errors = new ArrayList<>(batchSize);
            while (rows.size() < batchSize && in.hasNext()) {
                Row r = in.next();
                rows.add(r);
                float[] x = null;
                String err = null;
                try {
                    RawImage img = kind.decode(r.get(inputIndex), hadoop == null ? null : hadoop.value().value());
                    x = Transforms.eval(img, pre);
                } catch (IOException | RuntimeException e) {
                    err = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    bad.add(1);
                    LOG.warn("graft: skipped image {}: {}", origin(r), err);
                }
                inputs.add(x);
                errors.add(err);
            }
            float[][] results = run(inputs);
            for (int i = 0; i < rows.size(); i++) {
                ready.add(append(rows.get(i), results[i], errors.get(i)));
            }
        }

        private float[][] run(List<float[]> inputs) {
            int good = (int) inputs.stream().filter(Objects::nonNull).count();
            float[][] out = new float[inputs.size()][];
            if (good == 0) {
                return out;
            }
            if (model == null) {
                TaskContext t = TaskContext.get();
                model = PartitionModel.open(bundle.value(), arch, isRun, t == null ? 0 : t.cpus());
            }
            int plane = 3 * size * size;
            float[] x = new float[good * plane];
            int j = 0;
            for (float[] in : inputs) {
                if (in != null) {
                    System.arraycopy(in, 0, x, j++ * plane, plane);
                }
            }
            float[] y = output == Output.FEATURES ? model.features(x, good, size) : model.probabilities(x, good, size);
            int width = y.length / good;
            j = 0;
            for (int i = 0; i < inputs.size(); i++) {
                if (inputs.get(i) != null) {
                    out[i] = java.util.Arrays.copyOfRange(y, j * width, (j + 1) * width);
                    j++;
                }
            }
            return out;
        }

        private String origin(Row r) {
            String o = kind.origin(r.get(inputIndex));
            if (o == null && originIndex >= 0) {
                o = String.valueOf(r.get(originIndex));
            }
            return o == null ? "(row without a path)" : o;
        }
    }

    private Row append(Row r, float[] y, String error) {
        int n = r.length();
        List<Object> values = new ArrayList<>(n + 4);
        for (int i = 0; i < n; i++) {
            values.add(r.get(i));
        }
        if (output == Output.FEATURES) {
            values.add(y == null ? null : Vectors.dense(toDouble(y)));
        } else if (y == null) {
            values.add(null);
            values.add(null);
            values.add(null);
        } else {
            int best = 0;
            for (int c = 1; c < y.length; c++) {
                if (y[c] > y[best]) {
                    best = c;
                }
            }
            values.add((double) best);
            values.add(Vectors.dense(toDouble(y)));
            values.add(labels[best]);
        }
        if (errorColumn) {
            values.add(error);
        }
        return RowFactory.create(values.toArray());
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** Builder: the model, input, output and counter are required; the rest have defaults. */
    public static final class Builder {
        private Broadcast<ModelBundle> bundle;
        private ModelSource source;
        private Output output;
        private ImageInput kind;
        private int inputIndex = -1;
        private int originIndex = -1;
        private int batchSize = 32;
        private boolean errorColumn;
        private LongAccumulator bad;
        private Broadcast<SerializableConfiguration> hadoop;

        /** The resolved model and its broadcast files (required). */
        public Builder setModel(ModelSource source, Broadcast<ModelBundle> bundle) {
            this.source = source;
            this.bundle = bundle;
            return this;
        }

        /** What to append (required). */
        public Builder setOutput(Output v) {
            output = v;
            return this;
        }

        /** The image column's kind and index in the row (required). */
        public Builder setInput(ImageInput kind, int index) {
            this.kind = kind;
            this.inputIndex = index;
            return this;
        }

        /** Counts bad images (required). */
        public Builder setBadCounter(LongAccumulator v) {
            bad = v;
            return this;
        }

        /** A column naming each row's file in warnings, such as binaryFile's {@code path} (default: none). */
        public Builder optOriginIndex(int v) {
            originIndex = v;
            return this;
        }

        /** Images per forward pass (default 32). */
        public Builder optBatchSize(int v) {
            batchSize = v;
            return this;
        }

        /** Append a column with the reason an image was skipped, null for good rows (default false). */
        public Builder optErrorColumn(boolean v) {
            errorColumn = v;
            return this;
        }

        /** Hadoop configuration for reading path columns (default: none; needed for {@link ImageInput#PATH}). */
        public Builder optHadoop(Broadcast<SerializableConfiguration> v) {
            hadoop = v;
            return this;
        }

        public ImageTask build() {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            }
            if (kind == ImageInput.PATH && hadoop == null) {
                throw new IllegalArgumentException("a path column needs optHadoop");
            }
            return new ImageTask(this);
        }
    }
}
