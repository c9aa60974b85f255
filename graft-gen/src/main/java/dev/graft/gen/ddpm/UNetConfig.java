package dev.graft.gen.ddpm;

import dev.graft.check.Checks;

/**
 * The shape of a {@link UNet}.
 *
 * @param channels channels of the first level (default 32)
 * @param mults channel multiplier per resolution level, top first; each level below the first
 *     halves the resolution (default {1, 2, 2}: 28, 14 and 7 pixels for Fashion-MNIST)
 * @param groups GroupNorm groups (default 8)
 * @param imageChannels channels of the images (default 1, grey)
 * @param imageSize height and width of the images (default 28)
 */
public record UNetConfig(int channels, int[] mults, int groups, int imageChannels, int imageSize) {
    public UNetConfig {
        Checks.range("channels", channels, 1, 1024);
        Checks.require(mults != null && mults.length >= 1 && mults.length <= 6, "mults", "1 to 6 levels",
                mults == null ? null : java.util.Arrays.toString(mults));
        for (int m : mults) {
            Checks.range("mults", m, 1, 16);
        }
        Checks.range("groups", groups, 1, 1024);
        Checks.range("imageChannels", imageChannels, 1, 4);
        Checks.range("imageSize", imageSize, 4, 512);
        if (imageSize % (1 << (mults.length - 1)) != 0) {
            throw new IllegalArgumentException("image size " + imageSize + " does not halve " + (mults.length - 1)
                    + " times; use fewer levels");
        }
        for (int m : mults) {
            if (channels * m % groups != 0) {
                throw new IllegalArgumentException(channels * m + " channels do not split into " + groups + " groups");
            }
        }
        mults = mults.clone();
    }

    /** The default: 32 channels, levels at 28, 14 and 7 pixels (about 0.9M parameters). */
    public static UNetConfig small() {
        return new UNetConfig(32, new int[] {1, 2, 2}, 8, 1, 28);
    }

    /** A tiny UNet for tests. */
    public static UNetConfig tiny() {
        return new UNetConfig(8, new int[] {1, 2}, 4, 1, 28);
    }

    /** Channels of level {@code i}. */
    public int width(int i) {
        return channels * mults[i];
    }

    /** Number of resolution levels. */
    public int levels() {
        return mults.length;
    }

    @Override
    public int[] mults() {
        return mults.clone();
    }

    @Override
    public String toString() {
        return "UNet(channels=" + channels + ", mults=" + java.util.Arrays.toString(mults) + ", groups=" + groups
                + ", image=" + imageChannels + "x" + imageSize + "x" + imageSize + ")";
    }
}
