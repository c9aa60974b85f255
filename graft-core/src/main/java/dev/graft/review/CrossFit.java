package dev.graft.review;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Out-of-sample class probabilities by k-fold cross-fitting: the images are split into k
 * stratified folds, and each fold is predicted by a model fitted on the other k − 1, so no image's
 * probabilities come from a model that saw its label. Confident learning needs exactly this
 * (Northcutt et al., 2021): a model that saw a wrong label tends to agree with it.
 */
public final class CrossFit {
    /** Folds when none is asked for, as in Northcutt et al. */
    public static final int DEFAULT_FOLDS = 5;

    /** Fits on some rows and predicts others; one call per fold, possibly from several threads. */
    @FunctionalInterface
    public interface FoldModel {
        /**
         * @param train rows to fit on
         * @param heldOut rows to predict
         * @return class probabilities, one row per held-out row, in order
         */
        float[][] fitPredict(int fold, int[] train, int[] heldOut);
    }

    private CrossFit() {}

    /**
     * The fold of every row: each class's rows are shuffled with {@code seed} and dealt round-robin,
     * so every fold holds about 1/k of every class.
     */
    public static int[] folds(int[] labels, int classes, int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("cross-fitting needs at least 2 folds, got " + k);
        }
        int[] fold = new int[labels.length];
        SplittableRandom rng = new SplittableRandom(seed);
        int next = 0;
        for (int c = 0; c < classes; c++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    rows.add(i);
                }
            }
            for (int i = rows.size() - 1; i > 0; i--) {
                java.util.Collections.swap(rows, i, rng.nextInt(i + 1));
            }
            for (int r : rows) {
                fold[r] = next++ % k; // continuing the deal across classes keeps fold sizes even
            }
        }
        return fold;
    }

    /**
     * Every row's out-of-sample probabilities.
     *
     * @param threads folds fitted at once
     */
    public static float[][] probabilities(int[] fold, int k, FoldModel model, int threads) {
        float[][] out = new float[fold.length][];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, k)), r -> {
            Thread t = new Thread(r, "graft-crossfit");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int f = 0; f < k; f++) {
                int ff = f;
                jobs.add(pool.submit(() -> {
                    int[] train = rows(fold, ff, false);
                    int[] held = rows(fold, ff, true);
                    float[][] p = model.fitPredict(ff, train, held);
                    for (int i = 0; i < held.length; i++) {
                        out[held[i]] = p[i];
                    }
                }));
            }
            for (Future<?> j : jobs) {
                j.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("cross-fitting interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private static int[] rows(int[] fold, int f, boolean in) {
        return java.util.stream.IntStream.range(0, fold.length).filter(i -> (fold[i] == f) == in).toArray();
    }
}
