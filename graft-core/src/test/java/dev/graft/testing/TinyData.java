package dev.graft.testing;

import dev.graft.data.InMemoryImages;
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
}
