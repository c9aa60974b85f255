package dev.graft.data;

import java.util.SplittableRandom;

/**
 * Turns a decoded image into a normalised CHW float tensor: crop box, bilinear resampling
 * (torchvision's half-pixel convention), optional flip, then (x/255 - mean) / std. Grey images
 * become three equal channels, as pretrained RGB networks expect.
 */
public final class Transforms {
    private Transforms() {}

    /** Evaluation: scale the shorter side to {@code p.resize()}, then take the centre crop. */
    public static float[] eval(RawImage img, Preprocess p) {
        double scale = (double) p.resize() / Math.min(img.width(), img.height());
        double crop = p.size() / scale;
        double x0 = (img.width() - crop) / 2.0;
        double y0 = (img.height() - crop) / 2.0;
        return sample(img, p, x0, y0, crop, crop, false);
    }

    /**
     * Training: a random crop of at least {@code minScale} of the area, maybe flipped, then the
     * colour operations (jitter, RandAugment) on 0..1 pixels, normalisation, and random erasing.
     * Every random choice draws from {@code rng}, so an image's augmentation depends only on it.
     */
    public static float[] train(RawImage img, Preprocess p, Augment a, SplittableRandom rng) {
        if (!a.perImage()) {
            return eval(img, p);
        }
        double w = img.width();
        double h = img.height();
        double cw;
        double ch;
        double x0;
        double y0;
        if (a.minScale() < 1f) {
            // torchvision's RandomResizedCrop: area in [minScale, 1], aspect in [3/4, 4/3]
            double area = w * h * (a.minScale() + rng.nextDouble() * (1 - a.minScale()));
            double logRatio = Math.log(3.0 / 4) + rng.nextDouble() * (Math.log(4.0 / 3) - Math.log(3.0 / 4));
            double ratio = Math.exp(logRatio);
            cw = Math.min(w, Math.sqrt(area * ratio));
            ch = Math.min(h, Math.sqrt(area / ratio));
            x0 = rng.nextDouble() * (w - cw);
            y0 = rng.nextDouble() * (h - ch);
        } else {
            double scale = (double) p.resize() / Math.min(w, h);
            cw = p.size() / scale;
            ch = cw;
            x0 = (w - cw) / 2.0;
            y0 = (h - ch) / 2.0;
        }
        if (a.maxTranslate() > 0) {
            double px = cw / p.size();
            x0 += (rng.nextInt(2 * a.maxTranslate() + 1) - a.maxTranslate()) * px;
            y0 += (rng.nextInt(2 * a.maxTranslate() + 1) - a.maxTranslate()) * px;
        }
        boolean flip = a.hflip() && rng.nextBoolean();
        boolean vflip = a.vflip() && rng.nextBoolean();
        int s = p.size();
        float[] out;
        if (a.pixelOps()) {
            out = sample(img, unitScale(p), x0, y0, cw, ch, flip);
            a.jitter().apply(out, s * s, rng);
            a.randAugment().apply(out, s, rng);
            normalize(out, p);
        } else {
            out = sample(img, p, x0, y0, cw, ch, flip);
        }
        if (vflip) {
            flipRows(out, s);
        }
        if (a.erasing() > 0 && rng.nextDouble() < a.erasing()) {
            erase(out, s, rng);
        }
        return out;
    }

    /** The same geometry with values left at x/255. */
    private static Preprocess unitScale(Preprocess p) {
        return new Preprocess(p.size(), p.resize(), new float[3], new float[] {1, 1, 1});
    }

    private static void normalize(float[] x, Preprocess p) {
        int plane = x.length / 3;
        for (int c = 0; c < 3; c++) {
            float m = p.mean()[c];
            float sd = p.std()[c];
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                x[i] = (x[i] - m) / sd;
            }
        }
    }

    private static void flipRows(float[] x, int s) {
        float[] row = new float[s];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < s / 2; y++) {
                int a = (c * s + y) * s;
                int b = (c * s + s - 1 - y) * s;
                System.arraycopy(x, a, row, 0, s);
                System.arraycopy(x, b, x, a, s);
                System.arraycopy(row, 0, x, b, s);
            }
        }
    }

    /**
     * Random erasing (Zhong et al.; timm's "pixel" mode): one rectangle of 2%-33% of the image,
     * aspect ratio in [0.3, 3.3], filled with standard-normal noise on the normalised scale.
     * Gives up after 10 draws that do not fit, as torchvision does.
     */
    static void erase(float[] x, int s, SplittableRandom rng) {
        double area = (double) s * s;
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (0.02 + rng.nextDouble() * (0.33 - 0.02));
            double aspect = Math.exp(Math.log(0.3) + rng.nextDouble() * (Math.log(1 / 0.3) - Math.log(0.3)));
            int eh = (int) Math.round(Math.sqrt(target * aspect));
            int ew = (int) Math.round(Math.sqrt(target / aspect));
            if (eh < s && ew < s && eh > 0 && ew > 0) {
                int top = rng.nextInt(s - eh + 1);
                int left = rng.nextInt(s - ew + 1);
                for (int c = 0; c < 3; c++) {
                    for (int y = top; y < top + eh; y++) {
                        for (int xx = left; xx < left + ew; xx++) {
                            x[(c * s + y) * s + xx] = (float) gaussian(rng);
                        }
                    }
                }
                return;
            }
        }
    }

    private static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /** Samples the box (x0, y0, cw, ch) of the source to a size×size output. */
    static float[] sample(RawImage img, Preprocess p, double x0, double y0, double cw, double ch, boolean flip) {
        int s = p.size();
        // Shrinking by more than 2x with plain bilinear aliases; pre-average by an integer factor first.
        int factor = (int) Math.floor(Math.min(cw, ch) / s / 2);
        if (factor >= 2) {
            img = boxDownscale(img, factor);
            x0 /= factor;
            y0 /= factor;
            cw /= factor;
            ch /= factor;
        }
        float[] out = new float[3 * s * s];
        int plane = s * s;
        double sx = cw / s;
        double sy = ch / s;
        int w = img.width();
        int h = img.height();
        int c = img.channels();
        byte[] px = img.pixels();
        float[] k = new float[3];
        float[] b = new float[3];
        for (int ch3 = 0; ch3 < 3; ch3++) {
            k[ch3] = 1f / (255f * p.std()[ch3]);
            b[ch3] = -p.mean()[ch3] / p.std()[ch3];
        }
        for (int oy = 0; oy < s; oy++) {
            double fy = y0 + (oy + 0.5) * sy - 0.5;
            int yA = clamp((int) Math.floor(fy), h);
            int yB = clamp((int) Math.floor(fy) + 1, h);
            double wy = fy - Math.floor(fy);
            for (int ox = 0; ox < s; ox++) {
                int outX = flip ? s - 1 - ox : ox;
                double fx = x0 + (ox + 0.5) * sx - 0.5;
                int xA = clamp((int) Math.floor(fx), w);
                int xB = clamp((int) Math.floor(fx) + 1, w);
                double wx = fx - Math.floor(fx);
                for (int ci = 0; ci < 3; ci++) {
                    int src = c == 1 ? 0 : ci;
                    double v = (1 - wy) * ((1 - wx) * (px[(yA * w + xA) * c + src] & 0xff)
                            + wx * (px[(yA * w + xB) * c + src] & 0xff))
                            + wy * ((1 - wx) * (px[(yB * w + xA) * c + src] & 0xff)
                            + wx * (px[(yB * w + xB) * c + src] & 0xff));
                    out[ci * plane + oy * s + outX] = (float) v * k[ci] + b[ci];
                }
            }
        }
        return out;
    }

    private static int clamp(int v, int n) {
        return v < 0 ? 0 : (v >= n ? n - 1 : v);
    }

    /** Averages factor×factor blocks. */
    static RawImage boxDownscale(RawImage img, int factor) {
        int w = img.width() / factor;
        int h = img.height() / factor;
        int c = img.channels();
        byte[] out = new byte[w * h * c];
        int area = factor * factor;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int ci = 0; ci < c; ci++) {
                    int sum = 0;
                    for (int dy = 0; dy < factor; dy++) {
                        int row = (y * factor + dy) * img.width();
                        for (int dx = 0; dx < factor; dx++) {
                            sum += img.pixels()[(row + x * factor + dx) * c + ci] & 0xff;
                        }
                    }
                    out[(y * w + x) * c + ci] = (byte) ((sum + area / 2) / area);
                }
            }
        }
        return new RawImage(w, h, c, out);
    }
}
