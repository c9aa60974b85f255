package dev.graft.explain;

import java.util.Arrays;

/**
 * A heat map over a layer's spatial grid, normalised to sum to 1: the share of the evidence each
 * cell holds. Row-major, {@code rows × cols}, at the layer's resolution.
 *
 * @param rows grid height
 * @param cols grid width
 * @param values {@code rows * cols} non-negative values summing to 1
 */
public record HeatMap(int rows, int cols, float[] values) {
    public HeatMap {
        if (rows <= 0 || cols <= 0 || values.length != rows * cols) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " heat map needs " + rows * cols
                    + " values, got " + values.length);
        }
    }

    /**
     * Normalises raw non-negative evidence to sum 1. An all-zero map (no cell raises the score)
     * becomes uniform: no place is singled out.
     */
    public static HeatMap normalise(int rows, int cols, float[] raw) {
        double sum = 0;
        for (float v : raw) {
            if (!(v >= 0) || Float.isInfinite(v)) {
                throw new IllegalArgumentException("heat-map values must be finite and non-negative, got " + v);
            }
            sum += v;
        }
        float[] out = new float[raw.length];
        if (sum == 0) {
            Arrays.fill(out, 1f / raw.length);
        } else {
            for (int i = 0; i < raw.length; i++) {
                out[i] = (float) (raw[i] / sum);
            }
        }
        return new HeatMap(rows, cols, out);
    }

    public float at(int row, int col) {
        return values[row * cols + col];
    }

    /** Rows of columns, as JSON carries it. */
    public double[][] grid() {
        double[][] g = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                g[r][c] = at(r, c);
            }
        }
        return g;
    }

    /**
     * The mass in a vertical band of the image, from {@code from} to {@code to} as fractions of
     * the width (0 left edge, 1 right edge). Cell c spans {@code [c/cols, (c+1)/cols)} and counts
     * with the share of it inside the band, so an odd grid's middle column splits between halves.
     */
    public double massInColumns(double from, double to) {
        double mass = 0;
        for (int c = 0; c < cols; c++) {
            double lo = (double) c / cols;
            double hi = (double) (c + 1) / cols;
            double overlap = Math.max(0, Math.min(hi, to) - Math.max(lo, from)) * cols;
            if (overlap > 0) {
                for (int r = 0; r < rows; r++) {
                    mass += overlap * at(r, c);
                }
            }
        }
        return mass;
    }

    /** The largest value, for display scaling. */
    public float max() {
        float m = 0;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    /**
     * Bilinear resampling to {@code width × height} (cell centres at the centres of their image
     * regions, edges clamped), for drawing over an image.
     */
    public float[] resample(int width, int height) {
        float[] out = new float[width * height];
        for (int y = 0; y < height; y++) {
            double gy = Math.min(rows - 1, Math.max(0, (y + 0.5) * rows / height - 0.5));
            int y0 = (int) Math.floor(gy);
            int y1 = Math.min(rows - 1, y0 + 1);
            double fy = gy - y0;
            for (int x = 0; x < width; x++) {
                double gx = Math.min(cols - 1, Math.max(0, (x + 0.5) * cols / width - 0.5));
                int x0 = (int) Math.floor(gx);
                int x1 = Math.min(cols - 1, x0 + 1);
                double fx = gx - x0;
                double top = at(y0, x0) * (1 - fx) + at(y0, x1) * fx;
                double bottom = at(y1, x0) * (1 - fx) + at(y1, x1) * fx;
                out[y * width + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }
}
