package dev.graft.testing;

import dev.graft.data.InMemoryImages;
import dev.graft.train.FeatureCache;
import java.util.List;
import java.util.SplittableRandom;

/** Small learnable image sets made in memory: class c has a bright horizontal bar in band c, plus noise. */
public final class TinyData {
    private TinyData() {}

    public static InMemoryImages bars(int classes, int perClass, int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = classes * perClass;
        byte[] px = new byte[n * size * size];
        int[] labels = new int[n];
        int band = size / classes;
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            labels[i] = c;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int v = rng.nextInt(60);
                    if (y / band == c && x > 1 && x < size - 2) {
                        v += 150 + rng.nextInt(40);
                    }
                    px[i * size * size + y * size + x] = (byte) Math.min(255, v);
                }
            }
        }
        List<String> names = new java.util.ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("bar" + c);
        }
        return new InMemoryImages("bars", size, size, 1, px, labels, names);
    }

    /**
     * Gaussian clusters as cached features: class c has mean {@code shift} in dimension c and unit
     * noise in all 8 dimensions; {@code flip} of the labels are replaced at random.
     *
     * @param perClass images per class (classes may differ in size)
     */
    public static FeatureCache clusters(SplittableRandom rng, int[] perClass, double shift, double flip) {
        int n = java.util.Arrays.stream(perClass).sum();
        int classes = perClass.length;
        float[] x = new float[n * 8];
        int[] y = new int[n];
        int i = 0;
        for (int c = 0; c < classes; c++) {
            for (int k = 0; k < perClass[c]; k++, i++) {
                for (int d = 0; d < 8; d++) {
                    x[i * 8 + d] = (float) ((d == c ? shift : 0) + rng.nextGaussian());
                }
                y[i] = rng.nextDouble() < flip ? rng.nextInt(classes) : c;
            }
        }
        return new FeatureCache(x, 8, y);
    }
}
