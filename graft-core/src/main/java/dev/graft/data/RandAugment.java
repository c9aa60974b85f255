package dev.graft.data;

import dev.graft.check.Checks;
import java.util.List;
import java.util.SplittableRandom;

/**
 * RandAugment (Cubuk et al., 2019) with torchvision's operation set and magnitude table: each
 * image gets {@code n} operations drawn uniformly from 14, all at magnitude {@code m} on a scale
 * of 0 to 30. Signed operations (shear, translate, rotate, and the colour factors) pick their
 * sign at random. Geometric operations use nearest-neighbour sampling and fill with black.
 *
 * @param n operations per image (0 disables RandAugment)
 * @param m magnitude, 0 to 30 (torchvision's default 9)
 */
public record RandAugment(int n, int m) {
    public static final RandAugment NONE = new RandAugment(0, 0);
    /** The magnitude scale's top, as torchvision's 31 bins. */
    public static final int MAX_MAGNITUDE = 30;

    /** The operations, in torchvision's order. */
    public static final List<String> OPS = List.of("Identity", "ShearX", "ShearY", "TranslateX", "TranslateY",
            "Rotate", "Brightness", "Color", "Contrast", "Sharpness", "Posterize", "Solarize", "AutoContrast",
            "Equalize");

    public RandAugment {
        Checks.range("n", n, 0, 10);
        Checks.range("m", m, 0, MAX_MAGNITUDE);
    }

    /** Parses {@code N,M}, such as {@code 2,9}. */
    public static RandAugment parse(String s) {
        float[] v = Augment.floats(s, 2, "`randAugment` N,M (e.g. 2,9)");
        if (v[0] != Math.rint(v[0]) || v[1] != Math.rint(v[1])) {
            throw new IllegalArgumentException("`randAugment` N,M takes whole numbers, got '" + s + "'");
        }
        return new RandAugment((int) v[0], (int) v[1]);
    }

    public boolean enabled() {
        return n > 0;
    }

    /**
     * Applies {@code n} random operations in place.
     *
     * @param img CHW values in [0, 1], 3 planes of {@code size × size}
     */
    public void apply(float[] img, int size, SplittableRandom rng) {
        for (int k = 0; k < n; k++) {
            int op = rng.nextInt(OPS.size());
            double sign = rng.nextBoolean() ? 1 : -1;
            applyOp(op, img, size, m, sign);
        }
    }

    /** One operation at magnitude {@code m}; {@code sign} is +1 or -1. */
    static void applyOp(int op, float[] img, int size, int m, double sign) {
        double frac = (double) m / MAX_MAGNITUDE;
        int plane = size * size;
        float factor = (float) (1 + sign * 0.9 * frac);
        switch (op) {
            case 0 -> { }
            case 1 -> ImageOps.affine(img, size, size, 1, sign * 0.3 * frac, 0, 0, 1, 0);
            case 2 -> ImageOps.affine(img, size, size, 1, 0, 0, sign * 0.3 * frac, 1, 0);
            case 3 -> ImageOps.affine(img, size, size, 1, 0, -sign * translate(size, frac), 0, 1, 0);
            case 4 -> ImageOps.affine(img, size, size, 1, 0, 0, 0, 1, -sign * translate(size, frac));
            case 5 -> ImageOps.rotate(img, size, size, sign * 30 * frac);
            case 6 -> ImageOps.brightness(img, factor);
            case 7 -> ImageOps.saturation(img, plane, factor);
            case 8 -> ImageOps.contrast(img, plane, factor);
            case 9 -> ImageOps.sharpness(img, size, size, factor);
            case 10 -> ImageOps.posterize(img, 8 - (int) Math.round(m / (MAX_MAGNITUDE / 4.0)));
            case 11 -> ImageOps.solarize(img, (float) (1 - frac));
            case 12 -> ImageOps.autocontrast(img, plane);
            case 13 -> ImageOps.equalize(img, plane);
            default -> throw new IllegalArgumentException("no RandAugment operation " + op);
        }
    }

    /** torchvision's translate range: up to 150/331 of the image at full magnitude. */
    private static double translate(int size, double frac) {
        return 150.0 / 331.0 * size * frac;
    }
}
