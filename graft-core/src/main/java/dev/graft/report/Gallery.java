package dev.graft.report;

import dev.graft.data.ImageSource;
import dev.graft.data.RawImage;
import dev.graft.study.CellResult;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * A grid of badly predicted test images, each with its true and predicted label. The images are
 * the data itself, so this is drawn with Java2D rather than a charting library.
 */
public final class Gallery {
    private static final int COLS = 4;
    private static final int TILE_W = 210;
    private static final int IMG = 128;
    private static final int TILE_H = IMG + 58;
    private static final int HEADER = 64;

    private Gallery() {}

    /**
     * Draws the misses of a cell.
     *
     * @param title the first header line
     * @param misses the images to show, worst first
     * @param test the test set the misses index into
     * @param labels class names
     */
    public static BufferedImage draw(String title, List<CellResult.Miss> misses, ImageSource test, List<String> labels)
            throws IOException {
        int n = Math.max(1, misses.size());
        int rows = (n + COLS - 1) / COLS;
        BufferedImage out = new BufferedImage(COLS * TILE_W, HEADER + rows * TILE_H + 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        g.drawString(title, 12, 26);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(new Color(90, 90, 90));
        g.drawString(misses.isEmpty() ? "no test image was misclassified"
                : "lowest probability for the true class first", 12, 48);
        for (int i = 0; i < misses.size(); i++) {
            tile(g, misses.get(i), test, labels, (i % COLS) * TILE_W, HEADER + (i / COLS) * TILE_H);
        }
        g.dispose();
        return out;
    }

    private static void tile(Graphics2D g, CellResult.Miss m, ImageSource test, List<String> labels, int x, int y)
            throws IOException {
        BufferedImage img = toImage(test.image(m.index()));
        double scale = Math.min((double) IMG / img.getWidth(), (double) IMG / img.getHeight());
        int w = (int) Math.round(img.getWidth() * scale);
        int h = (int) Math.round(img.getHeight() * scale);
        // enlarge small images with visible pixels, shrink large ones smoothly
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, scale > 1
                ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        int ix = x + (TILE_W - w) / 2;
        int iy = y + (IMG - h) / 2;
        g.drawImage(img, ix, iy, w, h, null);
        g.setColor(new Color(200, 200, 200));
        g.drawRect(ix - 1, iy - 1, w + 1, h + 1);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(new Color(0, 110, 0));
        centred(g, "true: " + labels.get(m.truth()) + String.format(Locale.ROOT, " (%.0f%%)", 100 * m.truthProb()),
                x, y + IMG + 20);
        g.setColor(new Color(190, 0, 0));
        centred(g, "predicted: " + labels.get(m.predicted()) + String.format(Locale.ROOT, " (%.0f%%)",
                100 * m.confidence()), x, y + IMG + 38);
    }

    private static void centred(Graphics2D g, String s, int x, int baseline) {
        int w = g.getFontMetrics().stringWidth(s);
        g.drawString(s, x + Math.max(2, (TILE_W - w) / 2), baseline);
    }

    static BufferedImage toImage(RawImage r) {
        BufferedImage img = new BufferedImage(r.width(), r.height(), r.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY
                : BufferedImage.TYPE_INT_RGB);
        for (int yy = 0; yy < r.height(); yy++) {
            for (int xx = 0; xx < r.width(); xx++) {
                int rgb = r.channels() == 1 ? r.at(yy, xx, 0) * 0x010101
                        : r.at(yy, xx, 0) << 16 | r.at(yy, xx, 1) << 8 | r.at(yy, xx, 2);
                img.setRGB(xx, yy, rgb);
            }
        }
        return img;
    }
}
