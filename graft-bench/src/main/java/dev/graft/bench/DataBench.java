package dev.graft.bench;

import ai.djl.pytorch.jni.JniUtils;
import dev.graft.data.Augment;
import dev.graft.data.BatchLoader;
import dev.graft.data.FolderImages;
import dev.graft.data.Preprocess;
import dev.graft.engine.Engines;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Whether the data pipeline keeps up with the model, on the same threads: JPEG/PNG decoding,
 * resizing and augmentation from a real ImageFolder, measured alone, then feeding training
 * steps. The loader should make images at least twice as fast as the model trains on them, so
 * that it can share the cores with the model and still never make it wait.
 */
public final class DataBench {
    private DataBench() {}

    /**
     * One thread count.
     *
     * @param threads loader threads and libtorch intra-op threads alike
     * @param loaderImagesPerSecond decoded, augmented images per second with no model running
     * @param modelImagesPerSecond training images per second on synthetic input, no loader running
     * @param fedImagesPerSecond training images per second with the loader supplying the batches
     * @param images images decoded in the loader-alone pass
     * @param failures images that failed to decode
     */
    public record Result(int threads, double loaderImagesPerSecond, double modelImagesPerSecond,
            double fedImagesPerSecond, int images, int failures) {
        /** How many times faster the loader makes images than the model consumes them: the goal is 2 or more. */
        public double headroom() {
            return loaderImagesPerSecond / modelImagesPerSecond;
        }

        /** Training speed fed from the loader over training speed on synthetic input: 1 means the loader never held it up. */
        public double fedShare() {
            return fedImagesPerSecond / modelImagesPerSecond;
        }
    }

    /**
     * Measures one thread count.
     *
     * @param augment the training augmentation the loader applies
     * @param steps training steps timed for the model, alone and fed (after one warm-up step each)
     */
    public static Result measure(Path dir, String arch, int size, int batch, Augment augment, int threads, int steps) {
        Engines.start(threads);
        JniUtils.setNumThreads(threads);
        FolderImages images = FolderImages.open(dir, null, threads);
        if (images.size() < batch) {
            throw new IllegalArgumentException(dir + " holds " + images.size() + " readable images, fewer than one batch of "
                    + batch + "; give a larger folder or a smaller --batch");
        }
        Preprocess pre = Preprocess.imagenet(size);
        int loaderBatches = Math.max(steps, Math.min(4 * steps, images.size() / batch));
        double loader;
        int failures;
        try (BatchLoader l = new BatchLoader(images, pre, augment, batch, threads)) {
            drain(l, 1, 0); // warm-up: JIT-compiles the decoders and resamplers
            long t0 = System.nanoTime();
            int n = drain(l, loaderBatches, 1);
            loader = n / ((System.nanoTime() - t0) / 1e9);
            failures = l.failures();
        }
        double model;
        double fed;
        try (Throughput.Workload w = new Throughput.Workload(arch, true)) {
            float[] x = StepProfile.gaussian(batch * 3 * size * size, 1);
            w.step(x, batch, size);
            long t0 = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                w.step(x, batch, size);
            }
            model = steps * batch / ((System.nanoTime() - t0) / 1e9);
            try (BatchLoader l = new BatchLoader(images, pre, augment, batch, threads)) {
                Iterator<BatchLoader.Batch> it = epochs(l, 2);
                BatchLoader.Batch first = it.next();
                w.step(first.x(), first.n(), size);
                long t1 = System.nanoTime();
                int n = 0;
                for (int s = 0; s < steps; s++) {
                    BatchLoader.Batch b = it.next();
                    w.step(b.x(), b.n(), size);
                    n += b.n();
                }
                fed = n / ((System.nanoTime() - t1) / 1e9);
            }
        }
        return new Result(threads, loader, model, fed, loaderBatches * batch, failures);
    }

    /** Pulls {@code batches} batches (cycling through epochs) and returns the images they held. */
    private static int drain(BatchLoader l, int batches, int firstEpoch) {
        Iterator<BatchLoader.Batch> it = epochs(l, firstEpoch);
        int n = 0;
        for (int b = 0; b < batches; b++) {
            n += it.next().n();
        }
        return n;
    }

    /** Shuffled epochs one after another, from {@code firstEpoch} on, without end. */
    private static Iterator<BatchLoader.Batch> epochs(BatchLoader l, int firstEpoch) {
        return new Iterator<>() {
            private int epoch = firstEpoch;
            private Iterator<BatchLoader.Batch> cur = next(epoch);

            private Iterator<BatchLoader.Batch> next(int e) {
                int[] order = dev.graft.train.ImageBatches.shuffled(l.source().size(), e);
                return l.iterate(order, 17, e, false);
            }

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public BatchLoader.Batch next() {
                if (!cur.hasNext()) {
                    cur = next(++epoch);
                }
                return cur.next();
            }
        };
    }
}
