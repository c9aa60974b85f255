package dev.graft.train;

import dev.graft.data.Augment;
import dev.graft.data.BatchLoader;
import dev.graft.data.ImageSource;
import dev.graft.data.Preprocess;
import java.util.Iterator;
import java.util.SplittableRandom;

/**
 * Training and validation batches decoded from images, in the order a {@link Sampler} gives
 * (by default a seeded shuffle per epoch). Training batches are mixed when the augmentation
 * asks for mixup or cutmix; validation batches never are.
 */
public final class ImageBatches implements Batches, AutoCloseable {
    private final BatchLoader train;
    private final BatchLoader val;
    private final long seed;
    private final Sampler sampler;
    private final BatchMixer mixer;

    public ImageBatches(ImageSource trainSet, ImageSource valSet, Preprocess p, Augment augment, int batchSize,
            int threads, long seed) {
        this(trainSet, valSet, p, augment, batchSize, threads, seed, Sampler.shuffle(trainSet.size(), seed));
    }

    /** @param sampler the order of each training epoch, such as {@link Balance#balancedSampler} */
    public ImageBatches(ImageSource trainSet, ImageSource valSet, Preprocess p, Augment augment, int batchSize,
            int threads, long seed, Sampler sampler) {
        this.train = new BatchLoader(trainSet, p, augment, batchSize, threads);
        this.val = new BatchLoader(valSet, p, Augment.NONE, Math.max(batchSize, 64), threads);
        this.seed = seed;
        this.sampler = sampler;
        this.mixer = augment.mixes() ? new BatchMixer(augment.mixup(), augment.cutmix(), trainSet.labels().size())
                : null;
    }

    @Override
    public Iterator<TensorBatch> train(int epoch) {
        int[] order = sampler.order(epoch);
        Iterator<TensorBatch> it = adapt(train.iterate(order, seed, epoch, true));
        return mixer == null ? it : mixer.apply(it, seed, epoch);
    }

    @Override
    public Iterator<TensorBatch> val() {
        return adapt(val.sequential());
    }

    @Override
    public int trainSize() {
        return train.source().size();
    }

    @Override
    public int valSize() {
        return val.source().size();
    }

    /** Images that failed to decode during training or validation. */
    public int failures() {
        return train.failures() + val.failures();
    }

    /** A permutation of 0..n-1, the same for the same seed. */
    public static int[] shuffled(int n, long seed) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** Batches of images as network input. */
    public static Iterator<TensorBatch> adapt(Iterator<BatchLoader.Batch> it) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public TensorBatch next() {
                BatchLoader.Batch b = it.next();
                return new TensorBatch(b.x(), new long[] {b.n(), 3, b.size(), b.size()}, b.labels());
            }
        };
    }

    @Override
    public void close() {
        train.close();
        val.close();
    }
}
