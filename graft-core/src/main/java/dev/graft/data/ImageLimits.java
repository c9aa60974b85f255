package dev.graft.data;

import dev.graft.Settings;

/**
 * How large an image Graft agrees to decode. Both limits are checked before decoding: the file's
 * size from the file system, the pixel count from the format's header (as PIL's
 * {@code Image.MAX_IMAGE_PIXELS} does), so a tiny file that declares a huge canvas (a
 * decompression bomb) costs a header read, not gigabytes. A file past either limit is unreadable
 * like a corrupt one: data sets skip it, count it and give the reason.
 *
 * @param maxPixels most pixels (width x height) an image may declare; default
 *     {@value #DEFAULT_MAX_PIXELS} (PIL's value, about 9,459 x 9,459), setting {@code GRAFT_MAX_IMAGE_PIXELS}
 * @param maxFileBytes largest image file read; default {@value #DEFAULT_MAX_FILE_BYTES} (256 MiB),
 *     setting {@code GRAFT_MAX_IMAGE_BYTES}
 */
public record ImageLimits(long maxPixels, long maxFileBytes) {
    /** PIL's default {@code MAX_IMAGE_PIXELS}: 2^31 / 24, so an RGB image's bytes fit in a Java array. */
    public static final long DEFAULT_MAX_PIXELS = 89_478_485L;
    /** Photos are megabytes; even an uncompressed 24-bit BMP at the pixel limit is 256 MiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 256L << 20;
    /** The largest pixel count the decoder's arrays hold (three bytes a pixel in one array). */
    public static final long CEILING_PIXELS = (Integer.MAX_VALUE - 8) / 3;

    public static final String PIXELS_SETTING = "GRAFT_MAX_IMAGE_PIXELS";
    public static final String BYTES_SETTING = "GRAFT_MAX_IMAGE_BYTES";

    public ImageLimits {
        if (maxPixels < 1 || maxPixels > CEILING_PIXELS || maxFileBytes < 1) {
            throw new IllegalArgumentException("image limits: maxPixels must be 1.." + CEILING_PIXELS
                    + " and maxFileBytes positive, got " + maxPixels + " and " + maxFileBytes);
        }
    }

    /** The built-in defaults, ignoring the environment. */
    public static ImageLimits builtIn() {
        return new ImageLimits(DEFAULT_MAX_PIXELS, DEFAULT_MAX_FILE_BYTES);
    }

    /** The defaults, each replaced by its setting when one is given (see {@link Settings}). */
    public static ImageLimits fromEnvironment() {
        return new ImageLimits(Settings.number(PIXELS_SETTING, DEFAULT_MAX_PIXELS, 1, CEILING_PIXELS),
                Settings.number(BYTES_SETTING, DEFAULT_MAX_FILE_BYTES, 1, Long.MAX_VALUE));
    }

    public ImageLimits withMaxPixels(long v) {
        return new ImageLimits(v, maxFileBytes);
    }

    public ImageLimits withMaxFileBytes(long v) {
        return new ImageLimits(maxPixels, v);
    }
}
