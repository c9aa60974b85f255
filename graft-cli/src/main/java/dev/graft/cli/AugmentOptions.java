package dev.graft.cli;

import dev.graft.data.Augment;
import dev.graft.data.ColorJitter;
import dev.graft.data.RandAugment;
import picocli.CommandLine.Option;

/** Augmentation flags: a preset, then individual flags that override it. */
final class AugmentOptions {
    @Option(names = "--augment", paramLabel = "PRESET",
            description = "none, light (flip + crop >= 0.6), strong (flip, crop >= 0.25, RandAugment 2,9, erasing 0.25, "
                    + "mixup 0.2, cutmix 1.0) or custom (only the flags below) (default ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--hflip", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Random left-right flips.")
    Boolean hflip;

    @Option(names = "--vflip", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Random top-bottom flips.")
    Boolean vflip;

    @Option(names = {"--min-scale", "--crop-scale"}, paramLabel = "S",
            description = "Random resized crop keeping at least this share of the area, in (0, 1]; 1 = no crop.")
    Float minScale;

    @Option(names = "--jitter", paramLabel = "B,C,S,H",
            description = "Colour jitter: brightness, contrast, saturation, hue strengths, e.g. 0.4,0.4,0.4,0.1.")
    String jitter;

    @Option(names = {"--rand-augment", "--randaugment"}, paramLabel = "N,M",
            description = "RandAugment: N operations per image at magnitude M (0-30), e.g. 2,9; 0,0 = off.")
    String randAugment;

    @Option(names = "--erasing", paramLabel = "P", description = "Random erasing probability, 0 = off.")
    Float erasing;

    @Option(names = "--mixup", paramLabel = "ALPHA", description = "Mixup with Beta(ALPHA, ALPHA), 0 = off (e.g. 0.2).")
    Float mixup;

    @Option(names = "--cutmix", paramLabel = "ALPHA",
            description = "Cutmix with Beta(ALPHA, ALPHA), 0 = off (e.g. 1.0); with --mixup, half the batches each.")
    Float cutmix;

    /** The preset with every given flag applied on top. */
    Augment toAugment() {
        boolean custom = "custom".equalsIgnoreCase(preset.trim());
        boolean anyFlag = hflip != null || vflip != null || minScale != null || jitter != null || randAugment != null
                || erasing != null || mixup != null || cutmix != null;
        if (custom && !anyFlag) {
            throw new Main.UserError("--augment custom needs at least one of --hflip, --vflip, --min-scale, --jitter, "
                    + "--rand-augment, --erasing, --mixup, --cutmix");
        }
        Augment.Builder b = Augment.parse(preset).toBuilder();
        if (hflip != null) {
            b.optHflip(hflip);
        }
        if (vflip != null) {
            b.optVflip(vflip);
        }
        if (minScale != null) {
            b.optMinScale(minScale);
        }
        if (jitter != null) {
            b.optJitter(ColorJitter.parse(jitter));
        }
        if (randAugment != null) {
            b.optRandAugment(RandAugment.parse(randAugment));
        }
        if (erasing != null) {
            b.optErasing(erasing);
        }
        if (mixup != null) {
            b.optMixup(mixup);
        }
        if (cutmix != null) {
            b.optCutmix(cutmix);
        }
        return b.build();
    }
}
