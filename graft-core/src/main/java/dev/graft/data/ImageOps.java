package dev.graft.data;

/**
 * Photometric and geometric operations on an RGB image held as CHW floats in [0, 1], following
 * torchvision's tensor implementations (same grey weights, blends, HSV conversion, sharpness
 * kernel and equalisation table). Every operation works in place and clamps to [0, 1].
 */
final class ImageOps {
    private ImageOps() {}

    /** {@code img * f}. */
    static void brightness(float[] img, float f) {
        for (int i = 0; i < img.length; i++) {
            img[i] = clamp(img[i] * f);
        }
    }

    /** Blends with the image's mean grey level: {@code f * img + (1 - f) * mean}. */
    static void contrast(float[] img, int plane, float f) {
        double sum = 0;
        for (int i = 0; i < plane; i++) {
            sum += grey(img, plane, i);
        }
        float mean = (float) (sum / plane);
        for (int i = 0; i < img.length; i++) {
            img[i] = clamp(f * img[i] + (1 - f) * mean);
        }
    }

    /** Blends each pixel with its own grey level; 0 gives a grey image. */
    static void saturation(float[] img, int plane, float f) {
        for (int i = 0; i < plane; i++) {
            float g = grey(img, plane, i);
            for (int c = 0; c < 3; c++) {
                img[c * plane + i] = clamp(f * img[c * plane + i] + (1 - f) * g);
            }
        }
    }

    /** Turns the hue by {@code shift} (a fraction of the colour wheel, in [-0.5, 0.5]). */
    static void hue(float[] img, int plane, float shift) {
        float[] hsv = new float[3];
        for (int i = 0; i < plane; i++) {
            rgbToHsv(img[i], img[plane + i], img[2 * plane + i], hsv);
            float h = hsv[0] + shift;
            h -= (float) Math.floor(h);
            hsvToRgb(h, hsv[1], hsv[2], img, plane, i);
        }
    }

    /** torchvision's adjust_sharpness: blends with a 3×3 smoothed copy (borders kept). */
    static void sharpness(float[] img, int w, int h, float f) {
        int plane = w * h;
        float[] blurred = img.clone();
        for (int c = 0; c < 3; c++) {
            int o = c * plane;
            for (int y = 1; y < h - 1; y++) {
                for (int x = 1; x < w - 1; x++) {
                    float s = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            s += img[o + (y + dy) * w + x + dx];
                        }
                    }
                    s += 4 * img[o + y * w + x]; // centre weight 5
                    blurred[o + y * w + x] = s / 13f;
                }
            }
        }
        for (int i = 0; i < img.length; i++) {
            img[i] = clamp(f * img[i] + (1 - f) * blurred[i]);
        }
    }

    /** Keeps the top {@code bits} bits of each 8-bit value. */
    static void posterize(float[] img, int bits) {
        int mask = ~((1 << (8 - bits)) - 1) & 0xff;
        for (int i = 0; i < img.length; i++) {
            img[i] = (to8(img[i]) & mask) / 255f;
        }
    }

    /** Inverts every value at or above {@code threshold}. */
    static void solarize(float[] img, float threshold) {
        for (int i = 0; i < img.length; i++) {
            if (img[i] >= threshold) {
                img[i] = 1 - img[i];
            }
        }
    }

    /** Stretches each channel to the full range. */
    static void autocontrast(float[] img, int plane) {
        for (int c = 0; c < 3; c++) {
            float lo = Float.MAX_VALUE;
            float hi = -Float.MAX_VALUE;
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                lo = Math.min(lo, img[i]);
                hi = Math.max(hi, img[i]);
            }
            if (hi > lo) {
                float k = 1 / (hi - lo);
                for (int i = c * plane; i < (c + 1) * plane; i++) {
                    img[i] = clamp((img[i] - lo) * k);
                }
            }
        }
    }

    /** Histogram equalisation per channel, with torchvision's (PIL's) lookup table. */
    static void equalize(float[] img, int plane) {
        for (int c = 0; c < 3; c++) {
            int[] hist = new int[256];
            int last = -1;
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                hist[to8(img[i])]++;
            }
            long nonzeroSum = 0;
            for (int v = 0; v < 256; v++) {
                if (hist[v] > 0) {
                    nonzeroSum += hist[v];
                    last = v;
                }
            }
            long step = (nonzeroSum - hist[last]) / 255;
            if (step == 0) {
                continue;
            }
            int[] lut = new int[256];
            long cum = 0;
            for (int v = 0; v < 256; v++) {
                lut[v] = (int) Math.min(255, (cum + step / 2) / step); // shifted by one: lut[v] uses cum below v
                cum += hist[v];
            }
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                img[i] = lut[to8(img[i])] / 255f;
            }
        }
    }

    /**
     * Resamples with nearest neighbours: output pixel (x, y) reads the input at
     * {@code (a·x' + b·y' + c, d·x' + e·y' + f)} where x', y' are pixel centres, as PIL's affine
     * transform does. Points outside the image read 0 (black).
     */
    static void affine(float[] img, int w, int h, double a, double b, double c, double d, double e, double f) {
        int plane = w * h;
        float[] src = img.clone();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double cx = x + 0.5;
                double cy = y + 0.5;
                int sx = (int) Math.floor(a * cx + b * cy + c);
                int sy = (int) Math.floor(d * cx + e * cy + f);
                boolean inside = sx >= 0 && sy >= 0 && sx < w && sy < h;
                for (int ch = 0; ch < 3; ch++) {
                    img[ch * plane + y * w + x] = inside ? src[ch * plane + sy * w + sx] : 0f;
                }
            }
        }
    }

    /** Rotates by {@code degrees} about the centre. */
    static void rotate(float[] img, int w, int h, double degrees) {
        double t = Math.toRadians(degrees);
        double cos = Math.cos(t);
        double sin = Math.sin(t);
        double cx = w / 2.0;
        double cy = h / 2.0;
        // input = R(-t) (p - c) + c
        affine(img, w, h, cos, sin, cx - cos * cx - sin * cy, -sin, cos, cy + sin * cx - cos * cy);
    }

    static float grey(float[] img, int plane, int i) {
        return 0.2989f * img[i] + 0.587f * img[plane + i] + 0.114f * img[2 * plane + i];
    }

    private static int to8(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255f)));
    }

    static float clamp(float v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }

    private static void rgbToHsv(float r, float g, float b, float[] out) {
        float max = Math.max(r, Math.max(g, b));
        float min = Math.min(r, Math.min(g, b));
        float cr = max - min;
        boolean flat = max == min;
        out[1] = cr / (flat ? 1 : max);
        out[2] = max;
        float div = flat ? 1 : cr;
        float rc = (max - r) / div;
        float gc = (max - g) / div;
        float bc = (max - b) / div;
        float h;
        if (max == r) {
            h = bc - gc;
        } else if (max == g) {
            h = 2 + rc - bc;
        } else {
            h = 4 + gc - rc;
        }
        h = h / 6f + 1f;
        out[0] = h - (float) Math.floor(h);
    }

    private static void hsvToRgb(float h, float s, float v, float[] img, int plane, int i) {
        float h6 = h * 6f;
        int sector = ((int) Math.floor(h6)) % 6;
        float f = h6 - (float) Math.floor(h6);
        float p = clamp(v * (1 - s));
        float q = clamp(v * (1 - s * f));
        float t = clamp(v * (1 - s * (1 - f)));
        float[] rgb = switch (sector) {
            case 0 -> new float[] {v, t, p};
            case 1 -> new float[] {q, v, p};
            case 2 -> new float[] {p, v, t};
            case 3 -> new float[] {p, q, v};
            case 4 -> new float[] {t, p, v};
            default -> new float[] {v, p, q};
        };
        img[i] = rgb[0];
        img[plane + i] = rgb[1];
        img[2 * plane + i] = rgb[2];
    }
}
