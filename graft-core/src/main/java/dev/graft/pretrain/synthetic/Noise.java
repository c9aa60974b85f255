package dev.graft.pretrain.synthetic;

import dev.graft.data.RawImage;
import java.util.SplittableRandom;

/**
 * Spectrum-shaped noise, after Baradad et al., "Learning to See by Looking at Noise" (NeurIPS
 * 2021): random phases under an amplitude spectrum {@code 1 / |f|^α}, which natural images share
 * with α near 1. A category fixes α (0.5 to 3), an anisotropy (the spectrum squeezed along one
 * orientation, which makes oriented streaks), an optional band-pass peak (which makes blobs of one
 * scale), and whether the field is thresholded into a binary pattern (their "structured" variant);
 * each instance is a fresh draw of phases and amplitudes at a random contrast.
 */
public final class Noise extends BaseGenerator {

    public Noise(int categories, int size, long seed) {
        super("noise", categories, size, seed);
    }

    /** One category's spectrum. */
    record Kind(double alpha, double aniso, double orient, double peak, boolean binary) {}

    Kind kind(int category) {
        SplittableRandom r = Generator.stream(seed(), 21, category);
        double alpha = 0.5 + 2.5 * r.nextDouble();
        double aniso = r.nextDouble() < 0.5 ? 1 : 1.5 + 3 * r.nextDouble();
        double orient = r.nextDouble(0, Math.PI);
        double peak = r.nextDouble() < 0.4 ? 1.5 + 5 * r.nextDouble() : 0;
        return new Kind(alpha, aniso, orient, peak, r.nextDouble() < 0.35);
    }

    @Override
    public RawImage render(int category, long instance) {
        Kind k = kind(category);
        SplittableRandom r = Generator.stream(seed(), 22 + category, instance);
        int n = size();
        double[] re = new double[n * n];
        double[] im = new double[n * n];
        double ca = Math.cos(k.orient());
        double sa = Math.sin(k.orient());
        for (int v = 0; v < n; v++) {
            int fy = v <= n / 2 ? v : v - n;
            for (int u = 0; u < n; u++) {
                int fx = u <= n / 2 ? u : u - n;
                if (fx == 0 && fy == 0) {
                    continue;
                }
                double a = (fx * ca + fy * sa) * k.aniso();
                double b = -fx * sa + fy * ca;
                double f = Math.hypot(a, b);
                double amp = Math.pow(f, -k.alpha());
                if (k.peak() > 0) {
                    double d = Math.log(Math.hypot(fx, fy) / k.peak());
                    amp = Math.exp(-d * d / 0.3);
                }
                // complex Gaussian coefficient: Rayleigh amplitude, uniform phase
                double g1 = gaussian(r);
                double g2 = gaussian(r);
                re[v * n + u] = amp * g1;
                im[v * n + u] = amp * g2;
            }
        }
        double[] field = inverseDftReal(re, im, n);
        double mean = 0;
        for (double x : field) {
            mean += x;
        }
        mean /= field.length;
        double var = 0;
        for (double x : field) {
            var += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(var / field.length) + 1e-12;
        double contrast = 0.12 + 0.15 * r.nextDouble();
        double level = 0.3 + 0.3 * r.nextDouble();
        byte[] px = new byte[n * n];
        for (int i = 0; i < field.length; i++) {
            double z = (field[i] - mean) / sd;
            double g = k.binary() ? (z > 0 ? level + 2 * contrast : level - 2 * contrast) : level + contrast * z;
            px[i] = (byte) Math.round(Math.min(1, Math.max(0, g)) * 255);
        }
        return new RawImage(n, n, 1, px);
    }

    /** The real part of the 2-D inverse DFT, done as two passes of 1-D transforms (O(n³)). */
    static double[] inverseDftReal(double[] re, double[] im, int n) {
        double[] cos = new double[n];
        double[] sin = new double[n];
        for (int k = 0; k < n; k++) {
            cos[k] = Math.cos(2 * Math.PI * k / n);
            sin[k] = Math.sin(2 * Math.PI * k / n);
        }
        double[] rowRe = new double[n * n];
        double[] rowIm = new double[n * n];
        for (int v = 0; v < n; v++) { // along x, for each frequency row
            for (int x = 0; x < n; x++) {
                double sr = 0;
                double si = 0;
                for (int u = 0; u < n; u++) {
                    int k = (u * x) % n;
                    double a = re[v * n + u];
                    double b = im[v * n + u];
                    sr += a * cos[k] - b * sin[k];
                    si += a * sin[k] + b * cos[k];
                }
                rowRe[v * n + x] = sr;
                rowIm[v * n + x] = si;
            }
        }
        double[] out = new double[n * n];
        for (int y = 0; y < n; y++) { // along y
            for (int x = 0; x < n; x++) {
                double sr = 0;
                for (int v = 0; v < n; v++) {
                    int k = (v * y) % n;
                    sr += rowRe[v * n + x] * cos[k] - rowIm[v * n + x] * sin[k];
                }
                out[y * n + x] = sr;
            }
        }
        return out;
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
