package dev.graft.gen;

import java.util.SplittableRandom;

/**
 * Seeded Gaussian noise drawn in Java, so that training and sampling are reproducible for a seed
 * whatever the batch size or thread count: image {@code k} of a draw always gets the stream
 * keyed by (seed, k).
 */
public final class Noise {
    private Noise() {}

    /** Standard normal values for images {@code first .. first+count-1}, {@code perImage} each. */
    public static float[] gaussian(long seed, long first, int count, int perImage) {
        float[] out = new float[count * perImage];
        for (int k = 0; k < count; k++) {
            SplittableRandom rng = stream(seed, first + k);
            fill(rng, out, k * perImage, perImage);
        }
        return out;
    }

    /** A random stream for item {@code index} of a seeded draw. */
    public static SplittableRandom stream(long seed, long index) {
        return new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + index));
    }

    /** Fills {@code n} values from {@code offset} with standard normals (Box–Muller). */
    public static void fill(SplittableRandom rng, float[] out, int offset, int n) {
        for (int i = 0; i < n; i += 2) {
            double u1 = 1.0 - rng.nextDouble();
            double u2 = rng.nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(u1));
            out[offset + i] = (float) (r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < n) {
                out[offset + i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
            }
        }
    }

    private static long mix(long z) {
        // splitmix64's finaliser: nearby seeds give unrelated streams
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
