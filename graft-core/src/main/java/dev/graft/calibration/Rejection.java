package dev.graft.calibration;

import dev.graft.check.Checks;
import java.util.Arrays;

/**
 * When to answer "unknown": a prediction whose calibrated top probability is below
 * {@link #threshold} is rejected. The threshold is read from validation images so that a chosen
 * share of them (the in-distribution acceptance rate) is still accepted; {@link #curve} keeps
 * the threshold for every whole percent, so another rate can be chosen later without the images.
 *
 * @param score the score thresholded ({@code msp}: the maximum softmax probability at the run's temperature)
 * @param acceptRate the share of validation images the suggested threshold accepts
 * @param threshold the suggested threshold
 * @param curve {@code curve[k]}: the threshold accepting at least k% of validation images, k = 0..100
 */
public record Rejection(String score, double acceptRate, double threshold, double[] curve) {
    /** The acceptance rate suggested when none is chosen. */
    public static final double DEFAULT_ACCEPT_RATE = 0.95;

    /** Checks what {@code graft.json} may hold, since a run folder is untrusted input. */
    public Rejection {
        Checks.range("rejection.acceptRate", acceptRate, 0, true, 1, false);
        Checks.range("rejection.threshold", threshold, 0, false, 1, false);
        Checks.require(curve != null && curve.length == 101 && Arrays.stream(curve).allMatch(v -> v >= 0 && v <= 1),
                "rejection.curve", "101 thresholds in [0, 1]", curve == null ? null : curve.length + " values");
    }

    /** The threshold for {@code acceptRate} and the whole curve, from validation scores. */
    public static Rejection suggest(OodScore score, double[] validationScores, double acceptRate) {
        checkRate(acceptRate);
        if (validationScores.length == 0) {
            throw new IllegalArgumentException("cannot suggest a threshold from zero validation images");
        }
        double[] sorted = validationScores.clone();
        Arrays.sort(sorted);
        double[] curve = new double[101];
        for (int k = 0; k <= 100; k++) {
            curve[k] = threshold(sorted, k / 100.0);
        }
        return new Rejection(score.id(), acceptRate, threshold(sorted, acceptRate), curve);
    }

    /**
     * The threshold that accepts at least {@code rate} of the validation images, from the stored
     * curve: the whole percent at or above the rate, so the promise holds.
     */
    public double thresholdFor(double rate) {
        checkRate(rate);
        if (Math.abs(rate - acceptRate) < 1e-12) {
            return threshold;
        }
        return curve[(int) Math.ceil(rate * 100 - 1e-9)];
    }

    /**
     * With the scores sorted ascending, rejecting the lowest {@code floor((1 - rate) · n)} keeps at
     * least {@code rate · n}; the threshold is the lowest score kept.
     */
    private static double threshold(double[] sorted, double rate) {
        int reject = (int) Math.floor((1 - rate) * sorted.length + 1e-9);
        return sorted[Math.min(sorted.length - 1, reject)];
    }

    private static void checkRate(double rate) {
        Checks.range("acceptRate", rate, 0, true, 1, false);
    }
}
