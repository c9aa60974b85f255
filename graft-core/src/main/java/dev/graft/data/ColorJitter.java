package dev.graft.data;

import dev.graft.check.Checks;
import java.util.SplittableRandom;

/**
 * torchvision's {@code ColorJitter}, written for Graft because DJL's throws on PyTorch: brightness,
 * contrast and saturation factors drawn uniformly from {@code [max(0, 1 - v), 1 + v]}, a hue shift
 * from {@code [-hue, hue]} (in turns of the colour wheel), applied in a random order.
 *
 * @param brightness how far the brightness factor may stray from 1, in [0, 10] (0 disables it)
 * @param contrast how far the contrast factor may stray from 1, in [0, 10] (0 disables it)
 * @param saturation how far the saturation factor may stray from 1, in [0, 10] (0 disables it)
 * @param hue largest hue shift, at most 0.5 (0 disables it)
 */
public record ColorJitter(float brightness, float contrast, float saturation, float hue) {
    public static final ColorJitter NONE = new ColorJitter(0, 0, 0, 0);

    public ColorJitter {
        Checks.range("brightness", brightness, 0, false, 10, false);
        Checks.range("contrast", contrast, 0, false, 10, false);
        Checks.range("saturation", saturation, 0, false, 10, false);
        Checks.range("hue", hue, 0, false, 0.5, false);
    }

    /** Parses {@code B,C,S,H}, such as {@code 0.4,0.4,0.4,0.1}. */
    public static ColorJitter parse(String s) {
        float[] v = Augment.floats(s, 4, "`jitter` B,C,S,H (e.g. 0.4,0.4,0.4,0.1)");
        return new ColorJitter(v[0], v[1], v[2], v[3]);
    }

    public boolean enabled() {
        return brightness > 0 || contrast > 0 || saturation > 0 || hue > 0;
    }

    /**
     * Jitters an RGB image in place.
     *
     * @param img CHW values in [0, 1], three planes of {@code plane} values
     */
    public void apply(float[] img, int plane, SplittableRandom rng) {
        int[] order = {0, 1, 2, 3};
        for (int i = 3; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int op : order) {
            switch (op) {
                case 0 -> {
                    if (brightness > 0) {
                        ImageOps.brightness(img, factor(brightness, rng));
                    }
                }
                case 1 -> {
                    if (contrast > 0) {
                        ImageOps.contrast(img, plane, factor(contrast, rng));
                    }
                }
                case 2 -> {
                    if (saturation > 0) {
                        ImageOps.saturation(img, plane, factor(saturation, rng));
                    }
                }
                default -> {
                    if (hue > 0) {
                        ImageOps.hue(img, plane, (float) ((rng.nextDouble() * 2 - 1) * hue));
                    }
                }
            }
        }
    }

    private static float factor(float v, SplittableRandom rng) {
        double lo = Math.max(0, 1 - v);
        return (float) (lo + rng.nextDouble() * (1 + v - lo));
    }
}
