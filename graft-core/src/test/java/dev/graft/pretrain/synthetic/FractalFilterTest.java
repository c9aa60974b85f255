package dev.graft.pretrain.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** FractalDB's filling-rate filter, and the noise generator's inverse DFT, checked by hand. */
class FractalFilterTest {
    @Test
    void everyAcceptedSystemFillsEnoughOfTheImage() {
        Fractals f = new Fractals(12, 28, 5);
        for (int c = 0; c < 12; c++) {
            double[][] maps = f.system(c);
            assertTrue(maps.length >= 2 && maps.length <= 8, "FractalDB uses 2 to 8 maps, got " + maps.length);
            for (double[] m : maps) {
                for (double v : m) {
                    assertTrue(v >= -1 && v <= 1, "coefficients are drawn from [-1, 1]");
                }
            }
            assertTrue(f.fillingRate(maps) >= Fractals.MIN_FILLING, "category " + c + " fills only "
                    + f.fillingRate(maps));
        }
        // the filter is not vacuous: plain random systems often fail it
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        int failed = 0;
        for (int i = 0; i < 40; i++) {
            double[][] maps = new double[2 + r.nextInt(7)][6];
            for (double[] m : maps) {
                for (int k = 0; k < 6; k++) {
                    m[k] = r.nextDouble(-1, 1);
                }
            }
            failed += f.fillingRate(maps) < Fractals.MIN_FILLING ? 1 : 0;
        }
        assertTrue(failed > 5, "only " + failed + " of 40 random systems fail the filter");
    }

    @Test
    void aLoneFrequencyBecomesACosine() {
        int n = 8;
        double[] re = new double[n * n];
        double[] im = new double[n * n];
        re[0 * n + 1] = 1; // u = 1, v = 0: cos(2 pi x / n) along x, constant along y
        double[] out = Noise.inverseDftReal(re, im, n);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                assertEquals(Math.cos(2 * Math.PI * x / n), out[y * n + x], 1e-12);
            }
        }
        re[0 * n + 1] = 0;
        im[2 * n + 0] = 1; // v = 2, imaginary: real part is -sin(2 pi 2y / n)
        out = Noise.inverseDftReal(re, im, n);
        assertEquals(-Math.sin(2 * Math.PI * 2 * 1 / n), out[1 * n + 3], 1e-12);
    }
}
