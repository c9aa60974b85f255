package dev.graft.gen.score;

import dev.graft.gen.Noise;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The Fréchet distance between two sets of feature vectors, each summarised by a Gaussian
 * (Heusel et al., 2017): {@code |μ₁ − μ₂|² + tr(Σ₁ + Σ₂ − 2 (Σ₁ Σ₂)^½)}. The trace of the matrix
 * square root is computed as {@code tr((Σ₁^½ Σ₂ Σ₁^½)^½)}, which has the same eigenvalues but is
 * symmetric, so both roots come from {@link SymEigen}'s Jacobi decomposition.
 *
 * <p>FID from a finite sample is biased upwards and noisy, so it is reported with the sample
 * sizes and a percentile bootstrap interval that resamples both sets.
 */
public final class Fid {
    private Fid() {}

    /**
     * A Gaussian summary of feature vectors.
     *
     * @param mean per-feature mean
     * @param cov covariance, normalised by n − 1
     * @param count vectors summarised
     */
    public record Stats(double[] mean, double[][] cov, int count) {}

    /**
     * The FID with its uncertainty.
     *
     * @param fid the estimate on the full sets
     * @param low 2.5th percentile of the bootstrap
     * @param high 97.5th percentile of the bootstrap
     * @param samples generated vectors used
     * @param reference reference vectors used
     * @param bootstraps bootstrap resamples (0 = no interval; low and high are NaN)
     */
    public record Estimate(double fid, double low, double high, int samples, int reference, int bootstraps) {}

    /** Mean and covariance of {@code rows} of a row-major [*, dim] array (all rows when null). */
    public static Stats stats(float[] x, int dim, int[] rows) {
        int n = rows == null ? x.length / dim : rows.length;
        if (n < 2) {
            throw new IllegalArgumentException("FID needs at least two vectors per set, got " + n);
        }
        double[] mean = new double[dim];
        for (int r = 0; r < n; r++) {
            int o = (rows == null ? r : rows[r]) * dim;
            for (int j = 0; j < dim; j++) {
                mean[j] += x[o + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= n;
        }
        double[][] cov = new double[dim][dim];
        double[] c = new double[dim];
        for (int r = 0; r < n; r++) {
            int o = (rows == null ? r : rows[r]) * dim;
            for (int j = 0; j < dim; j++) {
                c[j] = x[o + j] - mean[j];
            }
            for (int i = 0; i < dim; i++) {
                double ci = c[i];
                double[] row = cov[i];
                for (int j = i; j < dim; j++) {
                    row[j] += ci * c[j];
                }
            }
        }
        for (int i = 0; i < dim; i++) {
            for (int j = i; j < dim; j++) {
                cov[i][j] /= n - 1;
                cov[j][i] = cov[i][j];
            }
        }
        return new Stats(mean, cov, n);
    }

    /** The Fréchet distance between two Gaussians. */
    public static double distance(Stats a, Stats b) {
        int d = a.mean().length;
        if (b.mean().length != d) {
            throw new IllegalArgumentException("feature sizes differ: " + d + " and " + b.mean().length);
        }
        double meanTerm = 0;
        double trace = 0;
        for (int i = 0; i < d; i++) {
            double diff = a.mean()[i] - b.mean()[i];
            meanTerm += diff * diff;
            trace += a.cov()[i][i] + b.cov()[i][i];
        }
        double[][] rootA = SymEigen.of(a.cov()).sqrtPsd();
        double[][] m = multiply(multiply(rootA, b.cov()), rootA);
        symmetrise(m);
        double traceRoot = 0;
        for (double v : SymEigen.of(m).values()) {
            traceRoot += Math.sqrt(Math.max(v, 0));
        }
        // rounding can take an exact zero a hair below zero
        return Math.max(0, meanTerm + trace - 2 * traceRoot);
    }

    /** FID between two feature sets ([n, dim] row-major each). */
    public static double fid(float[] generated, float[] reference, int dim) {
        return distance(stats(generated, dim, null), stats(reference, dim, null));
    }

    /**
     * FID with a percentile bootstrap interval: each resample draws both sets with replacement,
     * at their own sizes, from a stream keyed by the seed.
     */
    public static Estimate estimate(float[] generated, float[] reference, int dim, int bootstraps, long seed) {
        Stats ref = stats(reference, dim, null);
        double point = distance(stats(generated, dim, null), ref);
        int ng = generated.length / dim;
        int nr = reference.length / dim;
        if (bootstraps <= 0) {
            return new Estimate(point, Double.NaN, Double.NaN, ng, nr, 0);
        }
        double[] boot = new double[bootstraps];
        for (int b = 0; b < bootstraps; b++) {
            SplittableRandom rng = Noise.stream(seed, b);
            boot[b] = distance(stats(generated, dim, draw(ng, rng)), stats(reference, dim, draw(nr, rng)));
        }
        Arrays.sort(boot);
        return new Estimate(point, percentile(boot, 0.025), percentile(boot, 0.975), ng, nr, bootstraps);
    }

    private static int[] draw(int n, SplittableRandom rng) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = rng.nextInt(n);
        }
        return rows;
    }

    /** Linear interpolation between order statistics of a sorted array (NumPy's default). */
    static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int k = b.length;
        int m = b[0].length;
        double[][] out = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                double aip = a[i][p];
                if (aip == 0) {
                    continue;
                }
                for (int j = 0; j < m; j++) {
                    out[i][j] += aip * b[p][j];
                }
            }
        }
        return out;
    }

    private static void symmetrise(double[][] m) {
        for (int i = 0; i < m.length; i++) {
            for (int j = i + 1; j < m.length; j++) {
                double v = (m[i][j] + m[j][i]) / 2;
                m[i][j] = v;
                m[j][i] = v;
            }
        }
    }
}
