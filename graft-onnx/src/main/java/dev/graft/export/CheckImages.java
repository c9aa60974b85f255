package dev.graft.export;

import dev.graft.data.ImageDecoder;
import dev.graft.data.ImageSource;
import dev.graft.data.Preprocess;
import dev.graft.data.RawImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The images an export is checked on: files the caller names, else the run's own validation
 * images, else images made here. A model with preprocessing in its graph is also checked on images
 * of other sizes, so every path of the in-graph resize runs (box pre-average, plain shrink,
 * enlargement, non-square).
 */
final class CheckImages {
    private CheckImages() {}

    static List<CheckImage> files(List<Path> files) {
        List<CheckImage> out = new ArrayList<>();
        for (Path f : files) {
            try {
                out.add(new CheckImage(ImageDecoder.decode(f), f.toString()));
            } catch (IOException e) {
                throw new IllegalArgumentException("check image " + f + " cannot be read (" + e.getMessage()
                        + "); give JPEG or PNG files");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no check images given; give at least one image file");
        }
        return out;
    }

    /** Up to {@code count} images spread evenly over the source, so every part of it is represented. */
    static List<CheckImage> spread(ImageSource src, int count) {
        List<CheckImage> out = new ArrayList<>();
        int n = Math.min(count, src.size());
        for (int k = 0; k < n; k++) {
            int i = (int) ((long) k * src.size() / n);
            try {
                out.add(new CheckImage(src.image(i), src.describe(i)));
            } catch (IOException e) {
                // an unreadable validation image is skipped, as training skipped it
            }
        }
        return out;
    }

    /** Smooth colour fields with seeded noise: structured enough to move every layer. */
    static List<CheckImage> synthetic(int count, int width, int height, long seed) {
        List<CheckImage> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            out.add(new CheckImage(pattern(width, height, seed + k), "synthetic image " + (k + 1) + " (" + width
                    + "x" + height + ")"));
        }
        return out;
    }

    /** Images at sizes that take each branch of the preprocessing: 5x (box average), 1.4x, 0.6x, non-square. */
    static List<CheckImage> resizePaths(Preprocess p, long seed) {
        int r = p.resize();
        int[][] sizes = {{5 * r + 3, 4 * r + 1}, {r + r / 3 + 1, r + 2}, {Math.max(2, r * 3 / 5), Math.max(2, r * 3 / 5)},
            {r, 2 * r + 5}};
        List<CheckImage> out = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            out.add(new CheckImage(pattern(sizes[i][0], sizes[i][1], seed + 100 + i), "synthetic image "
                    + sizes[i][0] + "x" + sizes[i][1] + " (resize path " + (i + 1) + ")"));
        }
        return out;
    }

    private static RawImage pattern(int w, int h, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double fx = 1 + rng.nextDouble() * 5;
        double fy = 1 + rng.nextDouble() * 5;
        double[] phase = {rng.nextDouble() * 6, rng.nextDouble() * 6, rng.nextDouble() * 6};
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = 127.5 + 90 * Math.sin(fx * x / w * Math.PI + phase[c]) * Math.cos(fy * y / h * Math.PI)
                            + rng.nextInt(-30, 31);
                    px[(y * w + x) * 3 + c] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
                }
            }
        }
        return new RawImage(w, h, 3, px);
    }
}
