package dev.graft.data;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decodes and transforms batches on a pool of threads, a few batches ahead of the consumer, so
 * the network never waits for JPEG decoding. Every image's augmentation draws from its own
 * random stream keyed by (seed, epoch, index, position in the epoch), so batches are identical
 * whatever the thread count or scheduling, and an image a sampler draws twice in one epoch gets two
 * different augmentations.
 */
public final class BatchLoader implements AutoCloseable {
    /**
     * One batch.
     *
     * @param x {@code n * 3 * size * size} normalised values, NCHW
     * @param n images in the batch (a failed decode makes it smaller than asked)
     * @param size height and width
     * @param labels class index per image
     * @param indices source index per image
     */
    public record Batch(float[] x, int n, int size, int[] labels, int[] indices) {}

    private final ImageSource source;
    private final Preprocess preprocess;
    private final Augment augment;
    private final int batchSize;
    private final ExecutorService pool;
    private final int prefetch;
    private final AtomicInteger failures = new AtomicInteger();
    private final List<String> failed = java.util.Collections.synchronizedList(new ArrayList<>());

    /**
     * @param augment training augmentation, or {@link Augment#NONE} for evaluation transforms
     * @param threads decoding threads (at least 1)
     */
    public BatchLoader(ImageSource source, Preprocess preprocess, Augment augment, int batchSize, int threads) {
        this.source = source;
        this.preprocess = preprocess;
        this.augment = augment;
        this.batchSize = batchSize;
        this.prefetch = Math.max(2, threads);
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "graft-data");
            t.setDaemon(true);
            return t;
        });
    }

    public ImageSource source() {
        return source;
    }

    /** Images that failed to decode while loading (they were dropped from their batch). */
    public int failures() {
        return failures.get();
    }

    public List<String> failed() {
        return List.copyOf(failed);
    }

    /** The batches of one pass over {@code order}, in that order. */
    public Iterator<Batch> iterate(int[] order, long seed, int epoch, boolean dropLastSingleton) {
        int nBatches = (order.length + batchSize - 1) / batchSize;
        if (dropLastSingleton && nBatches > 1 && order.length % batchSize == 1) {
            nBatches--; // a batch of one breaks batch statistics
        }
        final int total = nBatches;
        return new Iterator<>() {
            private final ArrayDeque<CompletableFuture<Batch>> queue = new ArrayDeque<>();
            private int submitted;
            private int consumed;

            private void fill() {
                while (submitted < total && queue.size() < prefetch) {
                    int from = submitted * batchSize;
                    int to = Math.min(order.length, from + batchSize);
                    queue.add(CompletableFuture.supplyAsync(() -> load(order, from, to, seed, epoch), pool));
                    submitted++;
                }
            }

            @Override
            public boolean hasNext() {
                return consumed < total;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                fill();
                CompletableFuture<Batch> f = queue.poll();
                consumed++;
                fill();
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DataException("interrupted while loading images", e);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException re ? re
                            : new DataException("loading images failed: " + e.getCause(), e.getCause());
                }
            }
        };
    }

    /** Sequential order 0..size-1, for evaluation. */
    public Iterator<Batch> sequential() {
        int[] order = new int[source.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return iterate(order, 0, 0, false);
    }

    private Batch load(int[] order, int from, int to, long seed, int epoch) {
        int s = preprocess.size();
        int per = 3 * s * s;
        float[] x = new float[(to - from) * per];
        int[] labels = new int[to - from];
        int[] idx = new int[to - from];
        int n = 0;
        for (int k = from; k < to; k++) {
            int i = order[k];
            float[] t;
            try {
                RawImage img = source.image(i);
                t = augment.perImage()
                        ? Transforms.train(img, preprocess, augment, new SplittableRandom(mix(seed, epoch, i) ^ (k + 1) * 0xD6E8FEB86659FD93L))
                        : Transforms.eval(img, preprocess);
            } catch (IOException | RuntimeException e) {
                failures.incrementAndGet();
                failed.add(source.describe(i) + ": " + e.getMessage());
                continue;
            }
            System.arraycopy(t, 0, x, n * per, per);
            labels[n] = source.label(i);
            idx[n] = i;
            n++;
        }
        if (n < to - from) {
            x = java.util.Arrays.copyOf(x, n * per);
            labels = java.util.Arrays.copyOf(labels, n);
            idx = java.util.Arrays.copyOf(idx, n);
        }
        return new Batch(x, n, s, labels, idx);
    }

    static long mix(long seed, int epoch, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
