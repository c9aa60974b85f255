package dev.graft.pretrain.synthetic;

import dev.graft.data.RawImage;
import java.util.SplittableRandom;

/**
 * Textured shapes over dead-leaves clutter. A category fixes an outline (a smooth blob from a few
 * radial harmonics, or a polygon of 3 to 8 corners, possibly star-shaped, possibly with a hole)
 * and a surface texture (solid, stripes at an angle and frequency, checks, rings or dots) that
 * turns with the shape. Each instance draws it at a random angle, size, position, stretch and
 * contrast over a dead-leaves background: discs and squares of random grey with power-law sizes,
 * occluding each other (Lee, Mumford and Huang's model, used as pretraining data by Baradad et al.,
 * NeurIPS 2021). The network must recognise outline and texture whatever the pose and clutter.
 */
public final class Shapes extends BaseGenerator {
    private static final int SCALE = 2;

    public Shapes(int categories, int size, long seed) {
        super("shapes", categories, size, seed);
    }

    /** One category's formula. */
    record Kind(boolean polygon, int corners, double star, double[] amp, double[] phase, double hole, int texture,
            double freq, double texAngle) {}

    Kind kind(int category) {
        SplittableRandom r = Generator.stream(seed(), 11, category);
        boolean polygon = r.nextBoolean();
        int corners = 3 + r.nextInt(6);
        double star = r.nextDouble() < 0.4 ? 0.2 + 0.4 * r.nextDouble() : 0;
        double[] amp = new double[4];
        double[] phase = new double[4];
        for (int k = 0; k < 4; k++) {
            amp[k] = r.nextDouble() * 0.35 / (k + 1);
            phase[k] = r.nextDouble(0, 2 * Math.PI);
        }
        double hole = r.nextDouble() < 0.3 ? 0.35 + 0.25 * r.nextDouble() : 0;
        int texture = r.nextInt(5);
        double freq = 1.5 + 3 * r.nextDouble();
        double texAngle = r.nextDouble(0, Math.PI);
        return new Kind(polygon, corners, star, amp, phase, hole, texture, freq, texAngle);
    }

    @Override
    public RawImage render(int category, long instance) {
        Kind k = kind(category);
        SplittableRandom r = Generator.stream(seed(), 12 + category, instance);
        Canvas c = new Canvas(size(), SCALE);
        deadLeaves(c, r);
        double angle = r.nextDouble(0, 2 * Math.PI);
        double radius = size() * (0.25 + 0.17 * r.nextDouble());
        double stretch = 0.85 + 0.3 * r.nextDouble();
        double cx = size() / 2.0 + (r.nextDouble() - 0.5) * size() * 0.25;
        double cy = size() / 2.0 + (r.nextDouble() - 0.5) * size() * 0.25;
        float fg = (float) (0.55 + 0.45 * r.nextDouble());
        float fg2 = (float) (fg * (0.1 + 0.3 * r.nextDouble()));
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        for (int py = 0; py < c.n; py++) {
            for (int px = 0; px < c.n; px++) {
                double x = (px + 0.5) / SCALE - cx;
                double y = (py + 0.5) / SCALE - cy;
                double u = (x * cos + y * sin) / (radius * stretch);
                double v = (-x * sin + y * cos) / (radius / stretch);
                double rr = Math.hypot(u, v);
                double th = Math.atan2(v, u);
                double edge = outline(k, th);
                if (rr < edge && rr >= k.hole() * edge) {
                    c.v[py * c.n + px] = texture(k, u, v, rr) ? fg : fg2;
                }
            }
        }
        return c.toImage();
    }

    /** The outline's radius at angle {@code th}, on a unit scale. */
    static double outline(Kind k, double th) {
        double r;
        if (k.polygon()) {
            double sector = 2 * Math.PI / k.corners();
            double a = ((th % sector) + sector) % sector;
            r = Math.cos(Math.PI / k.corners()) / Math.cos(a - sector / 2);
            if (k.star() > 0) {
                r *= 1 - k.star() * (1 - Math.abs(a - sector / 2) / (sector / 2));
            }
        } else {
            r = 1;
            for (int i = 0; i < k.amp().length; i++) {
                r += k.amp()[i] * Math.cos((i + 2) * th + k.phase()[i]);
            }
        }
        return r;
    }

    private static boolean texture(Kind k, double u, double v, double rr) {
        double f = k.freq();
        double ca = Math.cos(k.texAngle());
        double sa = Math.sin(k.texAngle());
        double a = u * ca + v * sa;
        double b = -u * sa + v * ca;
        return switch (k.texture()) {
            case 0 -> true;
            case 1 -> Math.sin(Math.PI * f * a) >= 0;
            case 2 -> Math.sin(Math.PI * f * a) * Math.sin(Math.PI * f * b) >= 0;
            case 3 -> Math.sin(Math.PI * f * rr * 1.5) >= 0;
            default -> Math.hypot(a * f - Math.rint(a * f), b * f - Math.rint(b * f)) > 0.3;
        };
    }

    /** Occluding discs and squares of random grey, sizes from a power law, darker than most shapes. */
    private void deadLeaves(Canvas c, SplittableRandom r) {
        float base = (float) (0.25 * r.nextDouble());
        c.fill(base);
        int leaves = r.nextInt(30);
        for (int i = 0; i < leaves; i++) {
            double rad = size() * 0.04 / Math.pow(1 - r.nextDouble() * 0.9, 0.8);
            double x0 = r.nextDouble() * size();
            double y0 = r.nextDouble() * size();
            float g = (float) (0.45 * r.nextDouble());
            boolean square = r.nextBoolean();
            for (int py = Math.max(0, (int) ((y0 - rad) * SCALE)); py < Math.min(c.n, (y0 + rad) * SCALE + 1); py++) {
                for (int px = Math.max(0, (int) ((x0 - rad) * SCALE)); px < Math.min(c.n, (x0 + rad) * SCALE + 1);
                        px++) {
                    double dx = (px + 0.5) / SCALE - x0;
                    double dy = (py + 0.5) / SCALE - y0;
                    if (square ? Math.max(Math.abs(dx), Math.abs(dy)) < rad * 0.8 : dx * dx + dy * dy < rad * rad) {
                        c.v[py * c.n + px] = g;
                    }
                }
            }
        }
    }
}
