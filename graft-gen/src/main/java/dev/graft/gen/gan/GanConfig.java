package dev.graft.gen.gan;

import dev.graft.check.Checks;

/**
 * The shape of a DCGAN-style pair.
 *
 * @param latent size of the generator's input noise (default 64)
 * @param width channels of the generator's 14×14 block; its 7×7 block has twice as many, its
 *     28×28 block half (default 64). The discriminator mirrors it: width/2, width, 2·width.
 * @param imageSize height and width of the images; must be 28 (7·2·2)
 */
public record GanConfig(int latent, int width, int imageSize) {
    public GanConfig {
        Checks.range("latent", latent, 1, 4096);
        Checks.range("width", width, 2, 4096);
        Checks.require(width % 2 == 0, "width", "even", width);
        if (imageSize != 28) {
            throw new IllegalArgumentException("the DCGAN generator makes 28x28 images, not " + imageSize);
        }
    }

    /** The default: 64-dim noise, width 64 (about 0.5M generator parameters). */
    public static GanConfig small() {
        return new GanConfig(64, 64, 28);
    }

    /** A tiny pair for tests. */
    public static GanConfig tiny() {
        return new GanConfig(8, 8, 28);
    }
}
