package dev.graft.gen.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.gen.Noise;
import org.junit.jupiter.api.Test;

class FidTest {
    private static final int DIM = 4;

    @Test
    void identicalSetsHaveZeroFid() {
        float[] x = gaussian(500, DIM, 1);
        assertEquals(0.0, Fid.fid(x, x.clone(), DIM), 1e-9);
    }

    @Test
    void shiftedSetsHaveFidEqualToTheSquaredShiftAndItGrows() {
        float[] x = gaussian(400, DIM, 2);
        double previous = 0;
        for (float s : new float[] {0.1f, 0.5f, 1f, 2f}) {
            float[] y = x.clone();
            for (int i = 0; i < y.length; i += DIM) {
                y[i] += s; // shift the first feature only
            }
            double f = Fid.fid(y, x, DIM);
            // same covariance, so only the mean term remains: exactly s²
            assertEquals((double) s * s, f, 1e-4 * Math.max(1, s * s), "shift " + s);
            assertTrue(f > previous, "FID grows with the shift");
            previous = f;
        }
    }

    @Test
    void matchesTheClosedFormForTwoGaussians() {
        // Σ1 = diag(4, 1), Σ2 = [[2, 1], [1, 2]]: Σ1^½ Σ2 Σ1^½ = [[8, 2], [2, 2]] has trace 10 and
        // determinant 12, and for a 2x2 PSD matrix tr(M^½) = √(tr M + 2√det M); means differ by (1, 2)
        Fid.Stats a = new Fid.Stats(new double[] {0, 0}, new double[][] {{4, 0}, {0, 1}}, 100);
        Fid.Stats b = new Fid.Stats(new double[] {1, 2}, new double[][] {{2, 1}, {1, 2}}, 100);
        double expected = 5 + (5 + 4) - 2 * Math.sqrt(10 + 2 * Math.sqrt(12));
        assertEquals(expected, Fid.distance(a, b), 1e-12);
        assertEquals(expected, Fid.distance(b, a), 1e-12, "symmetric");
    }

    @Test
    void oneDimensionalGaussiansGiveMeanAndStdDifferences() {
        // in 1-D, FID = (μ1 − μ2)² + (σ1 − σ2)²; the sets are built to have exact sample moments
        float[] a = {-1, 1, -1, 1};         // mean 0, variance 4/3
        float[] b = {1, 5, 1, 5};           // mean 3, variance 16/3
        double expected = 9 + Math.pow(Math.sqrt(4.0 / 3) - Math.sqrt(16.0 / 3), 2);
        assertEquals(expected, Fid.fid(a, b, 1), 1e-6);
    }

    @Test
    void sampleFidApproachesTheTruthForGaussians() {
        // N(0, I) against N(0, 4I) in 4-D: (1 − 2)² per dimension = 4
        float[] x = gaussian(20_000, DIM, 3);
        float[] y = gaussian(20_000, DIM, 4);
        for (int i = 0; i < y.length; i++) {
            y[i] *= 2;
        }
        assertEquals(4.0, Fid.fid(x, y, DIM), 0.1);
    }

    @Test
    void bootstrapIntervalIsDeterministicContainsTheEstimateAndNarrowsWithMoreSamples() {
        float[] ref = gaussian(400, DIM, 5);
        float[] small = shifted(gaussian(100, DIM, 6), 0.5f);
        float[] large = shifted(gaussian(1600, DIM, 7), 0.5f);
        Fid.Estimate e1 = Fid.estimate(small, ref, DIM, 200, 9);
        Fid.Estimate e2 = Fid.estimate(small, ref, DIM, 200, 9);
        assertEquals(e1, e2, "same seed, same interval");
        assertTrue(e1.low() <= e1.fid() + 0.05 && e1.fid() <= e1.high(), e1.toString());
        assertTrue(e1.low() < e1.high());
        Fid.Estimate big = Fid.estimate(large, ref, DIM, 200, 9);
        assertTrue(big.high() - big.low() < e1.high() - e1.low(), "more samples, narrower interval: " + e1 + " vs " + big);
        assertEquals(100, e1.samples());
        assertEquals(400, e1.reference());
    }

    static float[] gaussian(int n, int dim, long seed) {
        return Noise.gaussian(seed, 0, n, dim);
    }

    private static float[] shifted(float[] x, float s) {
        for (int i = 0; i < x.length; i++) {
            x[i] += s;
        }
        return x;
    }
}
