package dev.graft.data;

import java.util.Locale;

/**
 * Training-time augmentation: more training data from the same images. Validation and test data
 * are never augmented.
 *
 * @param hflip flip left-right with probability 1/2
 * @param minScale random-resized-crop keeps this much of the area at least (1 disables cropping)
 * @param maxTranslate random shift in pixels of the output, reflecting none (0 disables it)
 */
public record Augment(boolean hflip, float minScale, int maxTranslate) {
    public static final Augment NONE = new Augment(false, 1f, 0);
    /** Flips and mild crops: safe for almost any image task. */
    public static final Augment LIGHT = new Augment(true, 0.6f, 0);

    public boolean enabled() {
        return hflip || minScale < 1f || maxTranslate > 0;
    }

    public static Augment parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "light" -> LIGHT;
            default -> throw new IllegalArgumentException("unknown augmentation '" + s + "': use none or light");
        };
    }
}
