package dev.graft.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes JPEG, PNG, BMP and GIF files of any size, colour model and bit depth to 8-bit pixels.
 * Grey images keep their stored values as one channel (as PIL's mode L and Spark's image source
 * read them); palette, 16-bit colour and alpha images go through {@code getRGB}, which converts
 * any colour model; alpha is dropped.
 */
public final class ImageDecoder {
    static {
        ImageIO.setUseCache(false); // no temp files per decode
    }

    private ImageDecoder() {}

    public static RawImage decode(Path file) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            throw new IOException("empty file (0 bytes)");
        }
        return decode(Files.readAllBytes(file));
    }

    public static RawImage decode(byte[] bytes) throws IOException {
        BufferedImage img;
        try {
            img = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
        } catch (RuntimeException e) {
            // ImageIO throws unchecked exceptions on some corrupt files
            throw new IOException("corrupt image (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new IOException("not a readable image (unknown format or corrupt header)");
        }
        return toRgb(img);
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
