package dev.graft.data;

import dev.graft.check.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Training-time augmentation: more training data from the same images. Per-image operations run
 * in the parallel loader, each image drawing from its own seeded stream; mixup and cutmix mix
 * whole batches and make soft targets. Validation and test data are never augmented. Build one
 * with {@link #builder()} or start from a preset ({@link #NONE}, {@link #LIGHT}, {@link #STRONG}).
 *
 * @param hflip flip left-right with probability 1/2 (default off)
 * @param vflip flip top-bottom with probability 1/2 (default off)
 * @param minScale random-resized-crop keeps at least this share of the area, in (0, 1], aspect in
 *     [3/4, 4/3] (default 1: no cropping)
 * @param maxTranslate random shift of the crop in output pixels (default 0: none)
 * @param jitter colour jitter (default {@link ColorJitter#NONE})
 * @param randAugment RandAugment (default {@link RandAugment#NONE})
 * @param erasing probability of erasing one random rectangle with noise, as timm's random erasing
 *     (default 0)
 * @param mixup mixup's Beta(α, α) parameter, in [0, 100] (default 0: off)
 * @param cutmix cutmix's Beta(α, α) parameter, in [0, 100] (default 0: off); with mixup too, each batch uses one
 *     of the two, chosen with probability 1/2
 */
public record Augment(boolean hflip, boolean vflip, float minScale, int maxTranslate, ColorJitter jitter,
        RandAugment randAugment, float erasing, float mixup, float cutmix) {
    public static final Augment NONE = builder().build();
    /** Flips and mild crops: safe for almost any image task. */
    public static final Augment LIGHT = builder().hflip(true).minScale(0.6f).build();
    /** timm-style: flips, crops down to a quarter, RandAugment(2, 9), erasing, mixup and cutmix. */
    public static final Augment STRONG = builder().hflip(true).minScale(0.25f).randAugment(new RandAugment(2, 9))
            .erasing(0.25f).mixup(0.2f).cutmix(1.0f).build();

    public Augment {
        Checks.range("minScale", minScale, 0, true, 1, false);
        Checks.range("maxTranslate", maxTranslate, 0, Preprocess.MAX_SIZE);
        Checks.range("erasing", erasing, 0, false, 1, false);
        Checks.range("mixup", mixup, 0, false, 100, false);
        Checks.range("cutmix", cutmix, 0, false, 100, false);
        Checks.require(jitter != null, "jitter", "a ColorJitter (ColorJitter.NONE for none)", null);
        Checks.require(randAugment != null, "randAugment", "a RandAugment (RandAugment.NONE for none)", null);
    }

    /** The original three-option form: flips, crop scale, translation. */
    public Augment(boolean hflip, float minScale, int maxTranslate) {
        this(hflip, false, minScale, maxTranslate, ColorJitter.NONE, RandAugment.NONE, 0f, 0f, 0f);
    }

    /** Whether any augmentation is on, per image or per batch. */
    public boolean enabled() {
        return perImage() || mixes();
    }

    /** Whether the loader changes single images (anything but mixup and cutmix). */
    public boolean perImage() {
        return hflip || vflip || minScale < 1f || maxTranslate > 0 || jitter.enabled() || randAugment.enabled()
                || erasing > 0;
    }

    /** Whether batches are mixed (mixup or cutmix), which makes soft targets. */
    public boolean mixes() {
        return mixup > 0 || cutmix > 0;
    }

    /** Whether colour or RandAugment operations run, which work on un-normalised pixels. */
    boolean pixelOps() {
        return jitter.enabled() || randAugment.enabled();
    }

    /** Parses a preset: {@code none}, {@code light}, {@code strong}, or {@code custom} (none, to add flags to). */
    public static Augment parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT).trim()) {
            case "none", "custom" -> NONE;
            case "light" -> LIGHT;
            case "strong" -> STRONG;
            default -> throw new IllegalArgumentException("unknown augmentation '" + s
                    + "': use none, light, strong or custom");
        };
    }

    /** One line for logs and graft.json, such as {@code hflip crop>=0.6 mixup 0.2}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (hflip) {
            parts.add("hflip");
        }
        if (vflip) {
            parts.add("vflip");
        }
        if (minScale < 1) {
            parts.add("crop>=" + minScale);
        }
        if (maxTranslate > 0) {
            parts.add("translate " + maxTranslate + "px");
        }
        if (jitter.enabled()) {
            parts.add("jitter " + jitter.brightness() + "," + jitter.contrast() + "," + jitter.saturation() + ","
                    + jitter.hue());
        }
        if (randAugment.enabled()) {
            parts.add("randaugment " + randAugment.n() + "," + randAugment.m());
        }
        if (erasing > 0) {
            parts.add("erasing " + erasing);
        }
        if (mixup > 0) {
            parts.add("mixup " + mixup);
        }
        if (cutmix > 0) {
            parts.add("cutmix " + cutmix);
        }
        return parts.isEmpty() ? "none" : String.join(" ", parts);
    }

    @Override
    public String toString() {
        return describe();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().hflip(hflip).vflip(vflip).minScale(minScale).maxTranslate(maxTranslate).jitter(jitter)
                .randAugment(randAugment).erasing(erasing).mixup(mixup).cutmix(cutmix);
    }

    /** Comma-separated numbers, exactly {@code count} of them; {@code usage} names the flag in errors. */
    static float[] floats(String s, int count, String usage) {
        String[] parts = s.split(",");
        if (parts.length != count) {
            throw new IllegalArgumentException("expected " + usage + ", got '" + s + "'");
        }
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            try {
                v[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected " + usage + ", got '" + s + "'");
            }
        }
        return v;
    }

    /** Builder; every option starts off (see the record's components for what each does). */
    public static final class Builder {
        private boolean hflip;
        private boolean vflip;
        private float minScale = 1f;
        private int maxTranslate;
        private ColorJitter jitter = ColorJitter.NONE;
        private RandAugment randAugment = RandAugment.NONE;
        private float erasing;
        private float mixup;
        private float cutmix;

        public Builder optHflip(boolean v) { hflip = v; return this; }
        /** @deprecated use {@link #optHflip}, the builder convention. */
        @Deprecated
        public Builder hflip(boolean v) { return optHflip(v); }
        public Builder optVflip(boolean v) { vflip = v; return this; }
        /** @deprecated use {@link #optVflip}, the builder convention. */
        @Deprecated
        public Builder vflip(boolean v) { return optVflip(v); }
        public Builder optMinScale(float v) { minScale = v; return this; }
        /** @deprecated use {@link #optMinScale}, the builder convention. */
        @Deprecated
        public Builder minScale(float v) { return optMinScale(v); }
        public Builder optMaxTranslate(int v) { maxTranslate = v; return this; }
        /** @deprecated use {@link #optMaxTranslate}, the builder convention. */
        @Deprecated
        public Builder maxTranslate(int v) { return optMaxTranslate(v); }
        public Builder optJitter(ColorJitter v) { jitter = v; return this; }
        /** @deprecated use {@link #optJitter}, the builder convention. */
        @Deprecated
        public Builder jitter(ColorJitter v) { return optJitter(v); }
        public Builder optRandAugment(RandAugment v) { randAugment = v; return this; }
        /** @deprecated use {@link #optRandAugment}, the builder convention. */
        @Deprecated
        public Builder randAugment(RandAugment v) { return optRandAugment(v); }
        public Builder optErasing(float v) { erasing = v; return this; }
        /** @deprecated use {@link #optErasing}, the builder convention. */
        @Deprecated
        public Builder erasing(float v) { return optErasing(v); }
        public Builder optMixup(float v) { mixup = v; return this; }
        /** @deprecated use {@link #optMixup}, the builder convention. */
        @Deprecated
        public Builder mixup(float v) { return optMixup(v); }
        public Builder optCutmix(float v) { cutmix = v; return this; }
        /** @deprecated use {@link #optCutmix}, the builder convention. */
        @Deprecated
        public Builder cutmix(float v) { return optCutmix(v); }

        public Augment build() {
            return new Augment(hflip, vflip, minScale, maxTranslate, jitter, randAugment, erasing, mixup, cutmix);
        }
    }
}
