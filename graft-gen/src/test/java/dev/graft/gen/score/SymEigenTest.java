package dev.graft.gen.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SymEigenTest {
    @Test
    void twoByTwoHasItsHandDerivedEigenvalues() {
        // [[2, 1], [1, 2]]: eigenvalues 1 and 3, eigenvectors (1, -1)/√2 and (1, 1)/√2
        double[] v = SymEigen.of(new double[][] {{2, 1}, {1, 2}}).values();
        Arrays.sort(v);
        assertEquals(1.0, v[0], 1e-12);
        assertEquals(3.0, v[1], 1e-12);
    }

    @Test
    void diagonalMatrixIsItsOwnDecomposition() {
        double[] v = SymEigen.of(new double[][] {{4, 0, 0}, {0, -1, 0}, {0, 0, 0.5}}).values();
        assertEquals(4, v[0], 0);
        assertEquals(-1, v[1], 0);
        assertEquals(0.5, v[2], 0);
    }

    @Test
    void randomSymmetricMatrixIsReconstructedByOrthonormalVectors() {
        int n = 12;
        double[][] a = randomSymmetric(n, 7);
        SymEigen e = SymEigen.of(a);
        double[][] v = e.vectors();
        double[] l = e.values();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double rec = 0;
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    rec += v[i][k] * l[k] * v[j][k];
                    dot += v[k][i] * v[k][j];
                }
                assertEquals(a[i][j], rec, 1e-10, "A = V L V^T at " + i + "," + j);
                assertEquals(i == j ? 1 : 0, dot, 1e-10, "V^T V = I at " + i + "," + j);
            }
        }
        double trace = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            trace += a[i][i];
            sum += l[i];
        }
        assertEquals(trace, sum, 1e-10, "trace is the sum of eigenvalues");
    }

    @Test
    void psdSquareRootSquaresBack() {
        int n = 8;
        double[][] b = randomSymmetric(n, 3);
        double[][] a = Fid.multiply(b, b); // B² is positive semi-definite
        double[][] r = SymEigen.of(a).sqrtPsd();
        double[][] back = Fid.multiply(r, r);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(a[i][j], back[i][j], 1e-9);
            }
        }
    }

    static double[][] randomSymmetric(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                a[i][j] = rng.nextDouble() * 2 - 1;
                a[j][i] = a[i][j];
            }
        }
        return a;
    }
}
