package dev.graft.data;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generated grey images that belong to no class, for measuring out-of-distribution rejection:
 * {@code noise} (every pixel uniform at random, with a random brightness and contrast per image)
 * and {@code shapes} (one to four bright rectangles, ellipses or bars on a dark, slightly noisy
 * background). Image {@code i} depends only on the seed and {@code i}.
 */
public final class SyntheticImages implements ImageSource {
    /** The kinds of image. */
    public enum Kind { NOISE, SHAPES }

    private final Kind kind;
    private final int n;
    private final int size;
    private final long seed;

    public SyntheticImages(Kind kind, int n, int size, long seed) {
        if (n <= 0 || size <= 0) {
            throw new IllegalArgumentException("need a positive count and size, got " + n + " and " + size);
        }
        this.kind = kind;
        this.n = n;
        this.size = size;
        this.seed = seed;
    }

    /** {@code noise} or {@code shapes}, or an error naming both. */
    public static Kind kind(String name) {
        try {
            return Kind.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown synthetic images '" + name + "'; use noise or shapes");
        }
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public int label(int i) {
        return 0;
    }

    @Override
    public List<String> labels() {
        return List.of(kind.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public RawImage image(int i) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + i);
        byte[] px = new byte[size * size];
        if (kind == Kind.NOISE) {
            int lo = rng.nextInt(128);
            int span = 32 + rng.nextInt(256 - 32 - lo + 1);
            for (int p = 0; p < px.length; p++) {
                px[p] = (byte) Math.min(255, lo + rng.nextInt(span));
            }
        } else {
            int[] v = new int[size * size];
            for (int p = 0; p < v.length; p++) {
                v[p] = rng.nextInt(40);
            }
            for (int s = 1 + rng.nextInt(4); s > 0; s--) {
                shape(v, rng);
            }
            for (int p = 0; p < v.length; p++) {
                px[p] = (byte) v[p];
            }
        }
        return new RawImage(size, size, 1, px);
    }

    private void shape(int[] v, SplittableRandom rng) {
        int w = Math.max(2, size / 8 + rng.nextInt(Math.max(1, size / 2)));
        int h = Math.max(2, size / 8 + rng.nextInt(Math.max(1, size / 2)));
        int x0 = rng.nextInt(Math.max(1, size - w));
        int y0 = rng.nextInt(Math.max(1, size - h));
        int type = rng.nextInt(3);
        int bright = 150 + rng.nextInt(106);
        for (int y = y0; y < Math.min(size, y0 + h); y++) {
            for (int x = x0; x < Math.min(size, x0 + w); x++) {
                double dx = (x - x0 + 0.5) / w - 0.5;
                double dy = (y - y0 + 0.5) / h - 0.5;
                boolean on = switch (type) {
                    case 0 -> true; // rectangle
                    case 1 -> dx * dx + dy * dy <= 0.25; // ellipse
                    default -> Math.abs(dy) < 0.15; // bar
                };
                if (on) {
                    v[y * size + x] = bright;
                }
            }
        }
    }

    @Override
    public String describe(int i) {
        return "synthetic " + labels().get(0) + " #" + i;
    }

    @Override
    public String fingerprint() {
        return kind + "-" + n + "-" + size + "-" + seed;
    }
}
