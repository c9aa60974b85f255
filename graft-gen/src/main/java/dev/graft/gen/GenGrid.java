package dev.graft.gen;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Writes images in [-1, 1] as a grid PNG, each image scaled up by an integer factor for viewing. */
public final class GenGrid {
    private static final int GAP = 2;

    private GenGrid() {}

    /**
     * One grid of {@code n} grey images of {@code size}×{@code size}, {@code cols} per row.
     *
     * @param scale each pixel becomes scale×scale (default 2 in the CLI)
     */
    public static void write(float[] images, int n, int size, int cols, int scale, Path file) {
        BufferedImage img = render(images, n, size, cols, scale);
        save(img, file);
    }

    /**
     * Several grids side by side, each under its title, for comparing runs by eye. Each grid has
     * room for {@code n} images; one with fewer leaves the rest grey.
     */
    public static void writeSideBySide(List<float[]> grids, List<String> titles, int n, int size, int cols, int scale,
            Path file) {
        int titleH = 18;
        BufferedImage first = render(grids.get(0), 0, n, size, cols, scale); // sizes only
        int w = first.getWidth();
        int h = first.getHeight();
        BufferedImage out = new BufferedImage(grids.size() * (w + 12) + 12, h + titleH + 12,
                BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING,
                java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        for (int i = 0; i < grids.size(); i++) {
            int x = 12 + i * (w + 12);
            g.setColor(java.awt.Color.BLACK);
            g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
            g.drawString(titles.get(i), x, 14);
            BufferedImage panel = render(grids.get(i), Math.min(n, grids.get(i).length / (size * size)), n, size,
                    cols, scale);
            g.drawImage(panel, x, titleH + 6, null);
        }
        g.dispose();
        save(out, file);
    }

    static BufferedImage render(float[] images, int n, int size, int cols, int scale) {
        return render(images, n, n, size, cols, scale);
    }

    private static BufferedImage render(float[] images, int n, int room, int size, int cols, int scale) {
        int rows = (room + cols - 1) / cols;
        int cell = size * scale + GAP;
        BufferedImage img = new BufferedImage(cols * cell + GAP, rows * cell + GAP, BufferedImage.TYPE_BYTE_GRAY);
        var raster = img.getRaster();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                raster.setSample(x, y, 0, 128); // grey gaps tell images apart on black backgrounds
            }
        }
        for (int k = 0; k < n; k++) {
            int ox = GAP + (k % cols) * cell;
            int oy = GAP + (k / cols) * cell;
            for (int y = 0; y < size * scale; y++) {
                for (int x = 0; x < size * scale; x++) {
                    float v = images[k * size * size + (y / scale) * size + x / scale];
                    int b = Math.round((Math.max(-1f, Math.min(1f, v)) + 1f) * 127.5f);
                    raster.setSample(ox + x, oy + y, 0, b);
                }
            }
        }
        return img;
    }

    private static void save(BufferedImage img, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            if (!ImageIO.write(img, "png", file.toFile())) {
                throw new IOException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + dev.graft.io.AtomicFiles.reason(e), e);
        }
    }
}
