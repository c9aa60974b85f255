package dev.graft.cli;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Writes small ImageFolder data sets: class k is a bar in band k, in a mix of formats and colour models. */
final class ImageFolderMaker {
    private ImageFolderMaker() {}

    static void write(Path root, int classes, int perClass, long seed) throws IOException {
        Random rng = new Random(seed);
        for (int c = 0; c < classes; c++) {
            Path dir = Files.createDirectories(root.resolve("class_" + (char) ('a' + c)));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = image(c, classes, 40 + rng.nextInt(30), 36 + rng.nextInt(30), rng,
                        i % 3 == 0 ? BufferedImage.TYPE_INT_RGB : i % 3 == 1 ? BufferedImage.TYPE_3BYTE_BGR
                                : BufferedImage.TYPE_BYTE_GRAY);
                String ext = i % 2 == 0 ? "png" : "jpg";
                ImageIO.write(img, ext, dir.resolve("img" + i + "." + ext).toFile());
            }
        }
    }

    static BufferedImage image(int c, int classes, int w, int h, Random rng, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(20 + rng.nextInt(30), 20 + rng.nextInt(30), 20 + rng.nextInt(30)));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(200 + rng.nextInt(55), 180 + rng.nextInt(60), 160 + rng.nextInt(80)));
        int band = h / classes;
        g.fillRect(2, c * band + 1, w - 4, Math.max(2, band - 2));
        g.dispose();
        return img;
    }
}
