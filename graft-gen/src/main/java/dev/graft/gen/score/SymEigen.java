package dev.graft.gen.score;

/**
 * Eigendecomposition of a real symmetric matrix by the cyclic Jacobi method: plane rotations
 * zero the off-diagonal entries one at a time, sweep after sweep, until they are negligible.
 * It is slower than Householder plus QR but short, unconditionally stable, and accurate to
 * machine precision for the 64×64 covariance matrices FID needs (a few milliseconds).
 */
public final class SymEigen {
    private static final int MAX_SWEEPS = 100;

    private final double[] values;
    private final double[][] vectors;

    private SymEigen(double[] values, double[][] vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    /** Decomposes {@code a}, which must be square and symmetric; {@code a} is not modified. */
    public static SymEigen of(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("matrix is not square");
            }
            m[i] = a[i].clone();
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS && offDiagonal(m) > 1e-22 * Math.max(1e-300, diagonal(m)); sweep++) {
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (m[p][q] != 0) {
                        rotate(m, v, p, q);
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = m[i][i];
        }
        return new SymEigen(values, v);
    }

    /** Zeroes m[p][q] by a rotation in the (p, q) plane, applied on both sides, accumulated into v. */
    private static void rotate(double[][] m, double[][] v, int p, int q) {
        double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
        // the smaller root of t² + 2θt − 1 = 0 keeps the rotation angle at most π/4
        double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int n = m.length;
        for (int k = 0; k < n; k++) {
            double mkp = m[k][p];
            double mkq = m[k][q];
            m[k][p] = c * mkp - s * mkq;
            m[k][q] = s * mkp + c * mkq;
        }
        for (int k = 0; k < n; k++) {
            double mpk = m[p][k];
            double mqk = m[q][k];
            m[p][k] = c * mpk - s * mqk;
            m[q][k] = s * mpk + c * mqk;
        }
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    private static double offDiagonal(double[][] m) {
        double s = 0;
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                if (i != j) {
                    s += m[i][j] * m[i][j];
                }
            }
        }
        return s;
    }

    private static double diagonal(double[][] m) {
        double s = 0;
        for (int i = 0; i < m.length; i++) {
            s += m[i][i] * m[i][i];
        }
        return s;
    }

    /** The eigenvalues, in the order of the columns of {@link #vectors()}. */
    public double[] values() {
        return values.clone();
    }

    /** The eigenvectors as columns: {@code a = V diag(values) Vᵀ}. */
    public double[][] vectors() {
        double[][] out = new double[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            out[i] = vectors[i].clone();
        }
        return out;
    }

    /**
     * The symmetric positive semi-definite square root {@code V diag(√max(λ, 0)) Vᵀ}; eigenvalues
     * that rounding left slightly negative count as zero.
     */
    public double[][] sqrtPsd() {
        int n = values.length;
        double[][] out = new double[n][n];
        for (int k = 0; k < n; k++) {
            double r = Math.sqrt(Math.max(values[k], 0));
            if (r == 0) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                double vik = vectors[i][k] * r;
                for (int j = 0; j < n; j++) {
                    out[i][j] += vik * vectors[j][k];
                }
            }
        }
        return out;
    }
}
