package dev.graft.gen;

import dev.graft.nn.Module;

/** A trained image generator: it draws images, reproducibly for a seed. */
public interface Generator {
    /** Which family it belongs to. */
    GenKind kind();

    /** The network whose weights are the generator (the UNet, or the GAN's generator). */
    Module network();

    /** The shape of one image: channels, height, width. */
    int[] imageShape();

    /**
     * Draws {@code n} images with values in [-1, 1], row-major [n, C, H, W]. The same seed gives
     * the same images, however many are drawn at once.
     */
    float[] sample(int n, long seed);

    /** Values per image. */
    default int imageSize() {
        int[] s = imageShape();
        return s[0] * s[1] * s[2];
    }
}
