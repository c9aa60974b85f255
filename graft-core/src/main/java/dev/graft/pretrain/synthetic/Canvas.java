package dev.graft.pretrain.synthetic;

import dev.graft.data.RawImage;

/**
 * A grey drawing surface of values in [0, 1], drawn at a multiple of the output size and
 * box-averaged down, so edges and thin fractal arms come out anti-aliased rather than jagged.
 */
final class Canvas {
    final int size;
    final int scale;
    final int n;
    final float[] v;

    Canvas(int size, int scale) {
        this.size = size;
        this.scale = scale;
        this.n = size * scale;
        this.v = new float[n * n];
    }

    void fill(float value) {
        java.util.Arrays.fill(v, value);
    }

    /** Adds {@code value} at a point given in output pixels (fractional), clipped to the canvas. */
    void plot(double x, double y, float value) {
        int px = (int) Math.floor(x * scale);
        int py = (int) Math.floor(y * scale);
        if (px >= 0 && py >= 0 && px < n && py < n) {
            int k = py * n + px;
            v[k] = Math.max(v[k], value);
        }
    }

    /** Share of fine pixels that are not zero: FractalDB's filling rate. */
    double fillingRate() {
        int c = 0;
        for (float x : v) {
            if (x > 0) {
                c++;
            }
        }
        return (double) c / v.length;
    }

    /** The box-averaged output, 8-bit grey. */
    RawImage toImage() {
        byte[] px = new byte[size * size];
        float inv = 1f / (scale * scale);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                float s = 0;
                for (int dy = 0; dy < scale; dy++) {
                    int row = (y * scale + dy) * n + x * scale;
                    for (int dx = 0; dx < scale; dx++) {
                        s += v[row + dx];
                    }
                }
                float g = Math.min(1f, Math.max(0f, s * inv));
                px[y * size + x] = (byte) Math.round(g * 255f);
            }
        }
        return new RawImage(size, size, 1, px);
    }
}
