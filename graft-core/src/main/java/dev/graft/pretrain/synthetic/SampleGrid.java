package dev.graft.pretrain.synthetic;

import dev.graft.data.RawImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** A PNG of samples: one row per category, one column per instance, scaled up for viewing. */
public final class SampleGrid {
    private SampleGrid() {}

    /** Writes {@code rows} categories × {@code cols} instances, each pixel drawn {@code zoom}× and 2 px apart. */
    public static void write(Generator gen, int rows, int cols, int zoom, Path png) {
        int s = gen.size() * zoom;
        int gap = 2;
        int r = Math.min(rows, gen.categories());
        BufferedImage out = new BufferedImage(cols * (s + gap) + gap, r * (s + gap) + gap, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                out.setRGB(x, y, 0x4060a0);
            }
        }
        for (int c = 0; c < r; c++) {
            for (int i = 0; i < cols; i++) {
                RawImage img = gen.render(c, i);
                for (int y = 0; y < s; y++) {
                    for (int x = 0; x < s; x++) {
                        int g = img.at(y / zoom, x / zoom, 0);
                        out.setRGB(gap + i * (s + gap) + x, gap + c * (s + gap) + y, g << 16 | g << 8 | g);
                    }
                }
            }
        }
        try {
            if (png.getParent() != null) {
                Files.createDirectories(png.getParent());
            }
            ImageIO.write(out, "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(png + ": cannot write the sample grid: " + e.getMessage(), e);
        }
    }
}
