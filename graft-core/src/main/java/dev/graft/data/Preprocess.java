package dev.graft.data;

/**
 * How images become network input; it travels with the weights, because the wrong mean and std
 * silently cost accuracy.
 *
 * @param size the square crop the network sees
 * @param resize the shorter side is scaled to this before the centre crop (evaluation); torchvision
 *     uses 256 for 224
 * @param mean per-channel mean, RGB, on the 0..1 scale
 * @param std per-channel standard deviation, RGB
 */
public record Preprocess(int size, int resize, float[] mean, float[] std) {
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};
    /** Fashion-MNIST's pixel statistics (mean pixel 72.94 of 255). */
    public static final float[] FMNIST_MEAN = {0.2860f, 0.2860f, 0.2860f};
    public static final float[] FMNIST_STD = {0.3530f, 0.3530f, 0.3530f};

    public Preprocess {
        if (size <= 0 || resize < size) {
            throw new IllegalArgumentException("need 0 < size <= resize, got size " + size + " resize " + resize);
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (RGB)");
        }
    }

    /** ImageNet's convention: resize to size/0.875, centre crop, ImageNet mean and std. */
    public static Preprocess imagenet(int size) {
        return new Preprocess(size, Math.round(size / 0.875f), IMAGENET_MEAN, IMAGENET_STD);
    }

    public static Preprocess fashionMnist() {
        return new Preprocess(28, 28, FMNIST_MEAN, FMNIST_STD);
    }
}
