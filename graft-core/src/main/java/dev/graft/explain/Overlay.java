package dev.graft.explain;

import dev.graft.data.Preprocess;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Draws a heat map over the image the network saw (its centre crop, un-normalised), with a title
 * such as the label and its probability above it. Small images are enlarged with visible pixels.
 */
public final class Overlay {
    /** The image's side on the overlay, unless the crop is larger. */
    public static final int MIN_SIDE = 224;
    private static final int TITLE = 40;
    private static final float ALPHA = 0.5f;

    private Overlay() {}

    /**
     * @param chw the network input, normalised with {@code p}, channels first
     * @param p the preprocessing that made it
     * @param map the heat map, drawn scaled to its maximum
     * @param title one line above the image
     */
    public static BufferedImage render(float[] chw, Preprocess p, HeatMap map, String title) {
        int s = p.size();
        int side = Math.max(MIN_SIDE, s);
        BufferedImage out = new BufferedImage(side, side + TITLE, BufferedImage.TYPE_INT_RGB);
        float[] heat = map.resample(side, side);
        float max = map.max() > 0 ? map.max() : 1f;
        int plane = s * s;
        for (int y = 0; y < side; y++) {
            int sy = Math.min(s - 1, y * s / side);
            for (int x = 0; x < side; x++) {
                int sx = Math.min(s - 1, x * s / side);
                float h = heat[y * side + x] / max;
                int[] jet = jet(h);
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    float v = (chw[c * plane + sy * s + sx] * p.std()[c] + p.mean()[c]) * 255f;
                    int mixed = Math.round((1 - ALPHA) * clamp(v) + ALPHA * jet[c]);
                    rgb = rgb << 8 | Math.max(0, Math.min(255, mixed));
                }
                out.setRGB(x, y + TITLE, rgb);
            }
        }
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, side, TITLE);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        String[] lines = wrap(title, g.getFontMetrics(), side - 8);
        for (int i = 0; i < lines.length; i++) {
            g.drawString(lines[i], 4, 16 + 17 * i);
        }
        g.dispose();
        return out;
    }

    /** Up to two lines, broken at spaces, the second shortened with an ellipsis if it still does not fit. */
    private static String[] wrap(String text, java.awt.FontMetrics fm, int width) {
        if (fm.stringWidth(text) <= width) {
            return new String[] {text};
        }
        int cut = text.length();
        while (cut > 0 && (fm.stringWidth(text.substring(0, cut)) > width || text.charAt(cut - 1) != ' ')) {
            cut--;
        }
        if (cut == 0) {
            cut = Math.max(1, text.length() / 2);
        }
        String second = text.substring(cut).trim();
        while (fm.stringWidth(second + "…") > width && second.length() > 1) {
            second = second.substring(0, second.length() - 1);
        }
        return new String[] {text.substring(0, cut).trim(), second.equals(text.substring(cut).trim()) ? second
                : second + "…"};
    }

    /** Images side by side, {@code cols} per row, on white, 8 pixels apart. */
    public static BufferedImage grid(java.util.List<BufferedImage> tiles, int cols) {
        int w = tiles.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
        int h = tiles.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        int c = Math.max(1, Math.min(cols, tiles.size()));
        int rows = Math.max(1, (tiles.size() + c - 1) / c);
        BufferedImage out = new BufferedImage(c * (w + 8) + 8, rows * (h + 8) + 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int i = 0; i < tiles.size(); i++) {
            g.drawImage(tiles.get(i), 8 + (i % c) * (w + 8), 8 + (i / c) * (h + 8), null);
        }
        g.dispose();
        return out;
    }

    /** The PNG bytes of an image. */
    public static byte[] png(BufferedImage img) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static float clamp(float v) {
        return Math.max(0, Math.min(255, v));
    }

    /** The classic jet colour map: blue (0) through cyan, yellow to red (1). */
    static int[] jet(float v) {
        double t = Math.max(0, Math.min(1, v));
        double r = Math.max(0, Math.min(1, 1.5 - Math.abs(4 * t - 3)));
        double g = Math.max(0, Math.min(1, 1.5 - Math.abs(4 * t - 2)));
        double b = Math.max(0, Math.min(1, 1.5 - Math.abs(4 * t - 1)));
        return new int[] {(int) (255 * r), (int) (255 * g), (int) (255 * b)};
    }
}
