package dev.graft.testing;

import static org.junit.jupiter.api.Assertions.fail;

/** The one comparison helper for numerics, with named tolerances. */
public final class AllClose {
    /** Parity with PyTorch: max-abs difference over max-abs expected. */
    public static final double PARITY_RTOL = 1e-4;

    private AllClose() {}

    /** Fails unless max|a-e| <= rtol * max|e| + atol. */
    public static void assertAllClose(float[] actual, float[] expected, double rtol, double atol, String what) {
        if (actual.length != expected.length) {
            fail(what + ": length " + actual.length + " != " + expected.length);
        }
        double maxDiff = 0;
        double maxRef = 0;
        int worst = -1;
        for (int i = 0; i < actual.length; i++) {
            if (Float.isNaN(actual[i])) {
                fail(what + ": NaN at " + i);
            }
            double d = Math.abs(actual[i] - expected[i]);
            if (d > maxDiff) {
                maxDiff = d;
                worst = i;
            }
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
        }
        if (maxDiff > rtol * maxRef + atol) {
            fail(String.format("%s: max |diff| %.3g at %d (actual %.6g, expected %.6g) exceeds %.1g * %.3g + %.1g",
                    what, maxDiff, worst, actual[worst], expected[worst], rtol, maxRef, atol));
        }
    }

    /** Relative error as the parity checks define it: max|a-e| / max|e|. */
    public static double relativeError(float[] actual, float[] expected) {
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < actual.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
        }
        return maxDiff / Math.max(maxRef, 1e-30);
    }
}
