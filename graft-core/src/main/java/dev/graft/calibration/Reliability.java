package dev.graft.calibration;

import dev.graft.eval.Outputs;
import java.util.ArrayList;
import java.util.List;

/**
 * Expected calibration error and the reliability diagram's bins: predictions grouped by their
 * confidence (the top probability) into equal-width bins, each bin's accuracy set against its
 * mean confidence. ECE is the mean gap weighted by the bins' shares of images (Naeini et al.,
 * 2015; Guo et al., 2017 use 15 bins, as here by default).
 *
 * @param bins the bins, lowest confidence first, empty ones included
 * @param ece sum over bins of (images in bin / all images) × |accuracy − confidence|
 */
public record Reliability(List<Bin> bins, double ece) {
    /** Guo et al.'s bin count. */
    public static final int BINS = 15;

    /**
     * One confidence bin.
     *
     * @param lower lower edge (exclusive, except 0)
     * @param upper upper edge (inclusive)
     * @param count predictions in it
     * @param confidence their mean confidence (0 when empty)
     * @param accuracy the share of them that were right (0 when empty)
     */
    public record Bin(double lower, double upper, int count, double confidence, double accuracy) {}

    /** Bins and ECE of probability rows against the true classes, with {@link #BINS} bins. */
    public static Reliability of(float[][] probabilities, int[] truth) {
        return of(probabilities, truth, BINS);
    }

    public static Reliability of(float[][] probabilities, int[] truth, int bins) {
        int[] count = new int[bins];
        double[] conf = new double[bins];
        int[] right = new int[bins];
        for (int i = 0; i < probabilities.length; i++) {
            float[] p = probabilities[i];
            int best = Outputs.argmax(p);
            // (lower, upper]: a confidence of exactly k/bins belongs to bin k-1, 0 to the first bin
            int b = Math.max(0, Math.min(bins - 1, (int) Math.ceil(p[best] * bins) - 1));
            count[b]++;
            conf[b] += p[best];
            right[b] += best == truth[i] ? 1 : 0;
        }
        List<Bin> out = new ArrayList<>();
        double ece = 0;
        for (int b = 0; b < bins; b++) {
            double c = count[b] == 0 ? 0 : conf[b] / count[b];
            double a = count[b] == 0 ? 0 : (double) right[b] / count[b];
            out.add(new Bin((double) b / bins, (double) (b + 1) / bins, count[b], c, a));
            ece += probabilities.length == 0 ? 0 : (double) count[b] / probabilities.length * Math.abs(a - c);
        }
        return new Reliability(out, ece);
    }
}
