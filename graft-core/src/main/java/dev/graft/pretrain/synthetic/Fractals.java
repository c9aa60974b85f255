package dev.graft.pretrain.synthetic;

import dev.graft.data.RawImage;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * FractalDB's categories (Kataoka et al., "Pre-training without Natural Images", ACCV 2020): each
 * category is an iterated function system of 2 to 8 affine maps with every coefficient drawn
 * uniformly from [-1, 1], a map chosen at each step with probability proportional to
 * |det A|, and the system kept only if its attractor fills at least {@link #MIN_FILLING} of the
 * image (their filling-rate filter, which rejects systems that collapse to a dot or a line).
 * Instances follow FractalDB's intra-category variation: one coefficient of one map scaled by a
 * factor in [0.8, 1.2], a random flip, then (added for small images) a random rotation, scale,
 * shift and brightness. Points are white on black, drawn at 4× and averaged down.
 */
public final class Fractals extends BaseGenerator {
    /** FractalDB's filling-rate threshold, measured on the un-posed attractor. */
    public static final double MIN_FILLING = 0.2;
    private static final int FILTER_POINTS = 6000;
    private static final int RENDER_POINTS = 5000;
    private static final int SCALE = 4;

    private final ConcurrentHashMap<Integer, double[][]> systems = new ConcurrentHashMap<>();

    public Fractals(int categories, int size, long seed) {
        super("fractals", categories, size, seed);
    }

    /** The maps of category {@code c}, each {a, b, c, d, e, f}: (x, y) → (ax + by + e, cx + dy + f). */
    double[][] system(int category) {
        return systems.computeIfAbsent(category, this::search);
    }

    private double[][] search(int category) {
        SplittableRandom rng = Generator.stream(seed(), 1, category);
        for (int attempt = 0; attempt < 10_000; attempt++) {
            int n = 2 + rng.nextInt(7);
            double[][] maps = new double[n][6];
            for (double[] m : maps) {
                for (int k = 0; k < 6; k++) {
                    m[k] = rng.nextDouble(-1, 1);
                }
            }
            if (fillingRate(maps) >= MIN_FILLING) {
                return maps;
            }
        }
        throw new IllegalStateException("no fractal passed the filling-rate filter for category " + category);
    }

    /** The share of a 2×-resolution canvas the un-posed attractor covers (0 if it diverges). */
    double fillingRate(double[][] maps) {
        Canvas c = new Canvas(size(), 2);
        return draw(maps, c, FILTER_POINTS, 0, 1, false, 1f, new SplittableRandom(17)) ? c.fillingRate() : 0;
    }

    @Override
    public RawImage render(int category, long instance) {
        double[][] base = system(category);
        SplittableRandom rng = Generator.stream(seed(), 2 + category, instance);
        double[][] maps = new double[base.length][];
        for (int i = 0; i < base.length; i++) {
            maps[i] = base[i].clone();
        }
        // FractalDB's weight variation: one coefficient of one map, times 0.8..1.2
        maps[rng.nextInt(maps.length)][rng.nextInt(4)] *= 0.8 + 0.4 * rng.nextDouble();
        double angle = rng.nextDouble(0, 2 * Math.PI);
        double zoom = 0.65 + 0.35 * rng.nextDouble();
        float bright = (float) (0.6 + 0.4 * rng.nextDouble());
        Canvas c = new Canvas(size(), SCALE);
        if (!draw(maps, c, RENDER_POINTS, angle, zoom, rng.nextBoolean(), bright, rng)) {
            draw(base, c, RENDER_POINTS, angle, zoom, false, bright, rng); // the variation diverged: plain system
        }
        return c.toImage();
    }

    /**
     * Runs the chaos game and draws the attractor fitted into the canvas (rotated by {@code angle},
     * filling {@code zoom} of it, shifted at random within the slack). False if the points diverge.
     */
    private boolean draw(double[][] maps, Canvas c, int points, double angle, double zoom, boolean flip,
            float bright, SplittableRandom rng) {
        double[] cum = new double[maps.length];
        double total = 0;
        for (int i = 0; i < maps.length; i++) {
            total += Math.abs(maps[i][0] * maps[i][3] - maps[i][1] * maps[i][2]) + 1e-6;
            cum[i] = total;
        }
        double[] xs = new double[points];
        double[] ys = new double[points];
        double x = 0;
        double y = 0;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        for (int i = -20; i < points; i++) {
            double u = rng.nextDouble() * total;
            int k = 0;
            while (k < maps.length - 1 && cum[k] < u) {
                k++;
            }
            double[] m = maps[k];
            double nx = m[0] * x + m[1] * y + m[4];
            double ny = m[2] * x + m[3] * y + m[5];
            x = nx;
            y = ny;
            if (!Double.isFinite(x) || !Double.isFinite(y) || Math.abs(x) > 1e6 || Math.abs(y) > 1e6) {
                return false;
            }
            if (i >= 0) {
                double px = flip ? -x : x;
                xs[i] = px * cos - y * sin;
                ys[i] = px * sin + y * cos;
            }
        }
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < points; i++) {
            minX = Math.min(minX, xs[i]);
            maxX = Math.max(maxX, xs[i]);
            minY = Math.min(minY, ys[i]);
            maxY = Math.max(maxY, ys[i]);
        }
        double extent = Math.max(maxX - minX, maxY - minY);
        if (!(extent > 1e-9)) {
            return false;
        }
        double scale = zoom * (size() - 2) / extent;
        double slackX = size() - (maxX - minX) * scale;
        double slackY = size() - (maxY - minY) * scale;
        double offX = slackX * (0.5 + (zoom < 1 ? rng.nextDouble() - 0.5 : 0));
        double offY = slackY * (0.5 + (zoom < 1 ? rng.nextDouble() - 0.5 : 0));
        for (int i = 0; i < points; i++) {
            c.plot((xs[i] - minX) * scale + offX, (ys[i] - minY) * scale + offY, bright);
        }
        return true;
    }
}
