package dev.graft.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.data.BatchLoader;
import dev.graft.model.Network;
import dev.graft.nn.BnFold;
import dev.graft.nn.Ctx;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Features of a frozen backbone, computed once. When nothing frozen needs recomputing (no
 * augmentation, backbone in inference mode), every head epoch then costs a few matrix products
 * instead of a pass through the whole network.
 *
 * @param x {@code n * dim} feature values
 * @param dim feature width
 * @param labels class id per row
 */
public record FeatureCache(float[] x, int dim, int[] labels) {

    public int size() {
        return labels.length;
    }

    /** Runs the backbone in inference mode over every batch, with its BatchNorm folded into the convolutions. */
    public static FeatureCache compute(Network net, Iterator<BatchLoader.Batch> batches, NDManager parent) {
        int dim = net.featureDim();
        float[] x = new float[0];
        int[] labels = new int[0];
        int n = 0;
        try (BnFold fold = BnFold.forInference(net)) {
            while (batches.hasNext()) {
                BatchLoader.Batch b = batches.next();
                if (b.n() == 0) {
                    continue;
                }
                try (NDManager sm = parent.newSubManager()) {
                    NDArray in = sm.create(b.x(), new Shape(b.n(), 3, b.size(), b.size()));
                    fold.ensure(in);
                    float[] f = net.features(in, Ctx.EVAL).toFloatArray();
                    if ((n + b.n()) * dim > x.length) {
                        int cap = Math.max((n + b.n()) * dim, x.length * 2);
                        x = Arrays.copyOf(x, cap);
                        labels = Arrays.copyOf(labels, cap / dim);
                    }
                    System.arraycopy(f, 0, x, n * dim, f.length);
                    System.arraycopy(b.labels(), 0, labels, n, b.n());
                    n += b.n();
                }
            }
        }
        return new FeatureCache(Arrays.copyOf(x, n * dim), dim, Arrays.copyOf(labels, n));
    }

    /** Training and validation batches over cached features. */
    public static Batches batches(FeatureCache train, FeatureCache val, int batchSize, long seed) {
        return batches(train, val, batchSize, Sampler.shuffle(train.size(), seed));
    }

    /** Training batches in the order {@code sampler} gives, and validation batches. */
    public static Batches batches(FeatureCache train, FeatureCache val, int batchSize, Sampler sampler) {
        return new Batches() {
            @Override
            public Iterator<TensorBatch> train(int epoch) {
                return slices(train, sampler.order(epoch), batchSize);
            }

            @Override
            public Iterator<TensorBatch> val() {
                return slices(val, ImageBatches.shuffled(val.size(), -1), 256);
            }

            @Override
            public int trainSize() {
                return train.size();
            }

            @Override
            public int valSize() {
                return val.size();
            }
        };
    }

    private static Iterator<TensorBatch> slices(FeatureCache c, int[] order, int batchSize) {
        return new Iterator<>() {
            private int pos;

            @Override
            public boolean hasNext() {
                return pos < order.length;
            }

            @Override
            public TensorBatch next() {
                int n = Math.min(batchSize, order.length - pos);
                float[] x = new float[n * c.dim];
                int[] y = new int[n];
                for (int i = 0; i < n; i++) {
                    int r = order[pos + i];
                    System.arraycopy(c.x, r * c.dim, x, i * c.dim, c.dim);
                    y[i] = c.labels[r];
                }
                pos += n;
                return new TensorBatch(x, new long[] {n, c.dim}, y);
            }
        };
    }
}
