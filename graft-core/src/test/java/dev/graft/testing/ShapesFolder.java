package dev.graft.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * A task whose evidence has a known place: 32×32 grey noise with one small bright shape, and the
 * shape decides the class: a plus sign ({@code plus}) or a filled square ({@code square}). It sits
 * at random in the left or the right half, away from the middle; the file name says which
 * ({@code left-NNN.png}, {@code right-NNN.png}). A third class, {@code none}, is noise without a
 * shape: without it a model may recognise one shape by the absence of the other, and that
 * evidence has no place; with it, every shape class needs its own shape.
 */
public final class ShapesFolder {
    public static final int SIZE = 32;
    public static final String[] CLASSES = {"none", "plus", "square"};
    private static final int SIDE = 7;

    private ShapesFolder() {}

    /** Writes {@code root/<class>/<half>-NNN.png}, {@code perClass} images per class. */
    public static Path write(Path root, int perClass, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int c = 0; c < CLASSES.length; c++) {
            Path dir = Files.createDirectories(root.resolve(CLASSES[c]));
            for (int i = 0; i < perClass; i++) {
                boolean left = rng.nextBoolean();
                String name = String.format("%s-%03d.png", c == 0 ? "noise" : left ? "left" : "right", i);
                ImageIO.write(image(c, left, rng), "png", dir.resolve(name).toFile());
            }
        }
        return root;
    }

    /** Whether a file written by {@link #write} holds a shape. */
    public static boolean hasShape(Path file) {
        return !file.getFileName().toString().startsWith("noise-");
    }

    /** Whether a file written by {@link #write} holds its shape in the left half. */
    public static boolean isLeft(Path file) {
        return file.getFileName().toString().startsWith("left-");
    }

    private static BufferedImage image(int cls, boolean left, SplittableRandom rng) {
        int[] px = new int[SIZE * SIZE];
        for (int i = 0; i < px.length; i++) {
            px[i] = rng.nextInt(100);
        }
        if (cls > 0) {
            shape(px, cls == 2, left, rng);
        }
        BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                img.getRaster().setSample(x, y, 0, px[y * SIZE + x]);
            }
        }
        return img;
    }

    private static void shape(int[] px, boolean square, boolean left, SplittableRandom rng) {
        // the shape's 7 columns stay inside [2, 10] (left) or [21, 29] (right): far from the middle, and
        // inside the 28-pixel centre crop of ImageNet-style preprocessing
        int x0 = left ? 2 + rng.nextInt(3) : SIZE - SIDE - 2 - rng.nextInt(3);
        int y0 = 2 + rng.nextInt(SIZE - SIDE - 3);
        for (int dy = 0; dy < SIDE; dy++) {
            for (int dx = 0; dx < SIDE; dx++) {
                if (square || Math.abs(dx - SIDE / 2) <= 1 || Math.abs(dy - SIDE / 2) <= 1) {
                    px[(y0 + dy) * SIZE + x0 + dx] = 200 + rng.nextInt(56);
                }
            }
        }
    }
}
