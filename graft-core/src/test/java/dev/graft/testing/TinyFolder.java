package dev.graft.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** Writes a small ImageFolder of PNGs: class c (folder {@code c0}, {@code c1}, …) has a bright bar in band c. */
public final class TinyFolder {
    private TinyFolder() {}

    public static Path write(Path root, int classes, int perClass, int size, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        int band = size / classes;
        for (int c = 0; c < classes; c++) {
            Path dir = Files.createDirectories(root.resolve("c" + c));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        int v = rng.nextInt(70);
                        if (y / band == c && x > 1 && x < size - 2) {
                            v = Math.min(255, v + 140 + rng.nextInt(40));
                        }
                        img.setRGB(x, y, (v << 16) | (v << 8) | v);
                    }
                }
                ImageIO.write(img, "png", dir.resolve(String.format("img%03d.png", i)).toFile());
            }
        }
        return root;
    }
}
