package dev.graft.gen.score;

/**
 * The measures of a sample besides FID, all on classifier features ([n, dim] row-major arrays)
 * and Euclidean distance.
 */
public final class SampleMetrics {
    private SampleMetrics() {}

    /** Share of predictions that fall in one of the target classes; NaN without target classes. */
    public static double domainAccuracy(int[] predicted, int[] targetClasses) {
        if (targetClasses.length == 0 || predicted.length == 0) {
            return Double.NaN;
        }
        long hit = 0;
        for (int p : predicted) {
            for (int c : targetClasses) {
                if (p == c) {
                    hit++;
                    break;
                }
            }
        }
        return (double) hit / predicted.length;
    }

    /**
     * Diversity: the mean distance over all pairs of distinct vectors. Zero when every sample is
     * the same (mode collapse); it scales with the spread of the set.
     */
    public static double diversity(float[] x, int dim) {
        int n = x.length / dim;
        if (n < 2) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                sum += distance(x, i, x, j, dim);
            }
        }
        return sum / ((double) n * (n - 1) / 2);
    }

    /** For each query vector, the distance to its nearest reference vector. */
    public static double[] nearestDistances(float[] query, float[] reference, int dim) {
        int nq = query.length / dim;
        int nr = reference.length / dim;
        if (nr == 0) {
            throw new IllegalArgumentException("no reference vectors to measure distances to");
        }
        double[] out = new double[nq];
        for (int i = 0; i < nq; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < nr; j++) {
                best = Math.min(best, distance(query, i, reference, j, dim));
            }
            out[i] = best;
        }
        return out;
    }

    /**
     * Memorisation: how close samples sit to the training images, against how close unseen real
     * images of the domain sit to them.
     *
     * @param sampleToTrain mean distance from each sample to its nearest training image
     * @param heldOutToTrain the same for held-out real images
     * @param ratio sampleToTrain / heldOutToTrain: near 1 when samples are as novel as new real
     *     images, towards 0 when they copy the training images
     */
    public record Memorisation(double sampleToTrain, double heldOutToTrain, double ratio) {}

    public static Memorisation memorisation(float[] samples, float[] train, float[] heldOut, int dim) {
        double s = mean(nearestDistances(samples, train, dim));
        double h = mean(nearestDistances(heldOut, train, dim));
        return new Memorisation(s, h, s / h);
    }

    static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return a.length == 0 ? Double.NaN : s / a.length;
    }

    private static double distance(float[] a, int i, float[] b, int j, int dim) {
        double s = 0;
        int oa = i * dim;
        int ob = j * dim;
        for (int k = 0; k < dim; k++) {
            double d = a[oa + k] - b[ob + k];
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
