package dev.graft.data;

import dev.graft.check.Checks;

/**
 * How images become network input; it travels with the weights, because the wrong mean and std
 * silently cost accuracy.
 *
 * @param size the square crop the network sees, 1 to {@value #MAX_SIZE}
 * @param resize the shorter side is scaled to this before the centre crop (evaluation), size to
 *     {@value #MAX_SIZE}; torchvision uses 256 for 224
 * @param mean per-channel mean, RGB, on the 0..1 scale (finite, within ±1000)
 * @param std per-channel standard deviation, RGB, in [1e-6, 1000]
 */
public record Preprocess(int size, int resize, float[] mean, float[] std) {
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};
    /** Fashion-MNIST's pixel statistics (mean pixel 72.94 of 255). */
    public static final float[] FMNIST_MEAN = {0.2860f, 0.2860f, 0.2860f};
    public static final float[] FMNIST_STD = {0.3530f, 0.3530f, 0.3530f};

    /** The largest input side and resize target: bigger ones only exhaust memory. */
    public static final int MAX_SIZE = 2048;

    public Preprocess {
        Checks.range("size", size, 1, MAX_SIZE);
        Checks.range("resize", resize, size, MAX_SIZE);
        Checks.require(mean != null && mean.length == 3, "mean", "3 values (R, G, B)", mean == null ? null
                : java.util.Arrays.toString(mean));
        Checks.require(std != null && std.length == 3, "std", "3 values (R, G, B)", std == null ? null
                : java.util.Arrays.toString(std));
        for (float m : mean) {
            Checks.range("mean", m, -1e3, false, 1e3, false);
        }
        for (float s : std) {
            // a zero or tiny std divides pixels into infinities and NaN probabilities
            Checks.range("std", s, 1e-6, false, 1e3, false);
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** ImageNet's convention: resize to size/0.875, centre crop, ImageNet mean and std. */
    public static Preprocess imagenet(int size) {
        return new Preprocess(size, Math.round(size / 0.875f), IMAGENET_MEAN, IMAGENET_STD);
    }

    public static Preprocess fashionMnist() {
        return new Preprocess(28, 28, FMNIST_MEAN, FMNIST_STD);
    }
}
