package dev.graft.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes JPEG, PNG, BMP, GIF (and whatever else ImageIO reads) of any colour model and bit depth
 * to 8-bit pixels, within {@link ImageLimits}: the file size and the pixel count the header
 * declares are checked before any pixel is decoded. Grey images keep their stored values as one
 * channel (as PIL's mode L and Spark's image source read them); palette, 16-bit colour and alpha
 * images go through {@code getRGB}, which converts any colour model; alpha is dropped. Every
 * failure, running out of memory included, is an {@link IOException} with the reason.
 */
public final class ImageDecoder {
    static {
        ImageIO.setUseCache(false); // no temp files per decode
    }

    private ImageDecoder() {}

    /** Decodes a file within the default limits ({@link ImageLimits#fromEnvironment()}). */
    public static RawImage decode(Path file) throws IOException {
        return decode(file, ImageLimits.fromEnvironment());
    }

    /** Decodes a file within {@code limits}, streaming it from disk rather than reading it whole. */
    public static RawImage decode(Path file, ImageLimits limits) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            throw new IOException("empty file (0 bytes)");
        }
        checkSize(size, limits);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException("cannot open as an image stream");
            }
            return decode(in, limits);
        }
    }

    /** Decodes bytes within the default limits. */
    public static RawImage decode(byte[] bytes) throws IOException {
        return decode(bytes, ImageLimits.fromEnvironment());
    }

    /** Decodes bytes within {@code limits}. */
    public static RawImage decode(byte[] bytes, ImageLimits limits) throws IOException {
        if (bytes.length == 0) {
            throw new IOException("empty file (0 bytes)");
        }
        checkSize(bytes.length, limits);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            return decode(in, limits);
        }
    }

    private static void checkSize(long size, ImageLimits limits) throws IOException {
        if (size > limits.maxFileBytes()) {
            throw new IOException("file of " + size + " bytes, more than the " + limits.maxFileBytes()
                    + "-byte limit for images; raise " + ImageLimits.BYTES_SETTING + " to read it");
        }
    }

    /** Reads the header, checks the declared pixel count, and only then decodes. */
    private static RawImage decode(ImageInputStream in, ImageLimits limits) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new IOException("not a readable image (unknown format or corrupt header)");
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(in, true, true);
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            long pixels = (long) w * h;
            if (w <= 0 || h <= 0) {
                throw new IOException("corrupt header: declares " + w + "x" + h + " pixels");
            }
            if (pixels > limits.maxPixels()) {
                throw new IOException(reader.getFormatName().toUpperCase(java.util.Locale.ROOT) + " header declares "
                        + w + "x" + h + " = " + pixels + " pixels, more than the limit of " + limits.maxPixels()
                        + " (a decompression bomb, or a very large image); raise " + ImageLimits.PIXELS_SETTING
                        + " to read it");
            }
            BufferedImage img = reader.read(0, reader.getDefaultReadParam());
            if (img == null) {
                throw new IOException("not a readable image (unknown format or corrupt header)");
            }
            return toRgb(img);
        } catch (RuntimeException e) {
            // ImageIO throws unchecked exceptions on some corrupt files
            throw new IOException("corrupt image (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        } catch (OutOfMemoryError e) {
            throw new IOException("not enough memory to decode it (" + e.getMessage() + "); lower "
                    + ImageLimits.PIXELS_SETTING + " or give Java more memory");
        } finally {
            reader.dispose();
        }
    }

    /** 8-bit RGB, or one channel of stored grey levels for grey images. */
    public static RawImage toRgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            return grey(img);
        }
        byte[] out = new byte[w * h * 3];
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < w * h; i++) {
                out[3 * i] = bgr[3 * i + 2];
                out[3 * i + 1] = bgr[3 * i + 1];
                out[3 * i + 2] = bgr[3 * i];
            }
            return new RawImage(w, h, 3, out);
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int o = (y * w + x) * 3;
                out[o] = (byte) (p >> 16);
                out[o + 1] = (byte) (p >> 8);
                out[o + 2] = (byte) p;
            }
        }
        return new RawImage(w, h, 3, out);
    }

    /**
     * The stored grey levels. {@code getRGB} would treat them as linear light and brighten them
     * (a stored 100 becomes 168), so the raster's first band is read directly instead.
     */
    private static RawImage grey(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int bits = img.getColorModel().getComponentSize(0);
        double scale = 255.0 / ((1 << bits) - 1);
        var raster = img.getRaster();
        byte[] out = new byte[w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                out[y * w + x] = (byte) (bits == 8 ? row[x] : (int) Math.round(row[x] * scale));
            }
        }
        return new RawImage(w, h, 1, out);
    }
}
