package dev.graft.gen.score;

import dev.graft.gen.GenImages;
import dev.graft.gen.Noise;
import dev.graft.train.Batches;
import dev.graft.train.TensorBatch;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/** Graft's trainer fed from images already in memory, labelled by their Fashion-MNIST class. */
final class ImageBatchesInMemory implements Batches {
    private final GenImages train;
    private final GenImages val;
    private final int batchSize;
    private final long seed;

    ImageBatchesInMemory(GenImages train, GenImages val, int batchSize, long seed) {
        this.train = train;
        this.val = val;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    @Override
    public Iterator<TensorBatch> train(int epoch) {
        int[] order = new int[train.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom rng = Noise.stream(seed, epoch);
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return iterate(train, order);
    }

    @Override
    public Iterator<TensorBatch> val() {
        int[] order = new int[val.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return iterate(val, order);
    }

    private Iterator<TensorBatch> iterate(GenImages images, int[] order) {
        return new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < order.length;
            }

            @Override
            public TensorBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int n = Math.min(batchSize, order.length - next);
                int[] idx = java.util.Arrays.copyOfRange(order, next, next + n);
                next += n;
                int[] labels = new int[n];
                for (int k = 0; k < n; k++) {
                    labels[k] = images.classes()[idx[k]];
                }
                return new TensorBatch(images.gather(idx), new long[] {n, 1, images.size(), images.size()}, labels);
            }
        };
    }

    @Override
    public int trainSize() {
        return train.count();
    }

    @Override
    public int valSize() {
        return val.count();
    }
}
