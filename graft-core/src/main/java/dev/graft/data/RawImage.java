package dev.graft.data;

/**
 * A decoded image: 8-bit pixels, interleaved (height, width, channels), one or three channels.
 *
 * @param width pixels per row
 * @param height rows
 * @param channels 1 (grey) or 3 (RGB)
 * @param pixels {@code height * width * channels} bytes, row-major
 */
public record RawImage(int width, int height, int channels, byte[] pixels) {
    public RawImage {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (pixels.length != width * height * channels) {
            throw new IllegalArgumentException("expected " + width * height * channels + " bytes, got " + pixels.length);
        }
    }

    public int at(int y, int x, int c) {
        return pixels[(y * width + x) * channels + c] & 0xff;
    }
}
