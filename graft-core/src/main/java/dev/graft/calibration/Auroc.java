package dev.graft.calibration;

import java.util.Arrays;

/**
 * Area under the ROC curve of a score that should be higher for in-distribution images: the
 * probability that a random in-distribution image outscores a random out-of-distribution one,
 * ties counting half (the Mann-Whitney U statistic over both counts).
 */
public final class Auroc {
    private Auroc() {}

    public static double of(double[] in, double[] out) {
        if (in.length == 0 || out.length == 0) {
            throw new IllegalArgumentException("AUROC needs images on both sides, got " + in.length + " and "
                    + out.length);
        }
        double[] sortedOut = out.clone();
        Arrays.sort(sortedOut);
        double wins = 0;
        for (double s : in) {
            int below = lowerBound(sortedOut, s);
            int notAbove = upperBound(sortedOut, s);
            wins += below + 0.5 * (notAbove - below);
        }
        return wins / ((double) in.length * out.length);
    }

    /** The share of out-of-distribution images a threshold accepts (score at or above it). */
    public static double acceptedShare(double[] scores, double threshold) {
        long n = Arrays.stream(scores).filter(s -> s >= threshold).count();
        return scores.length == 0 ? Double.NaN : (double) n / scores.length;
    }

    private static int lowerBound(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
