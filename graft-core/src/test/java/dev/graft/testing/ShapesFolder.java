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

    /** Writes {@code root/<class>/<half>-NNN.png}, {@code perClass} images per class, {@link #SIZE} pixels square. */
    public static Path write(Path root, int perClass, long seed) throws IOException {
        return write(root, perClass, seed, SIZE);
    }

    /** The same task at another size: the shape and its margins scale with {@code size / SIZE}. */
    public static Path write(Path root, int perClass, long seed, int size) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int c = 0; c < CLASSES.length; c++) {
            Path dir = Files.createDirectories(root.resolve(CLASSES[c]));
            for (int i = 0; i < perClass; i++) {
                boolean left = rng.nextBoolean();
                String name = String.format("%s-%03d.png", c == 0 ? "noise" : left ? "left" : "right", i);
                ImageIO.write(image(c, left, rng, size), "png", dir.resolve(name).toFile());
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

    private static BufferedImage image(int cls, boolean left, SplittableRandom rng, int size) {
        int[] px = new int[size * size];
        for (int i = 0; i < px.length; i++) {
            px[i] = rng.nextInt(100);
        }
        if (cls > 0) {
            shape(px, cls == 2, left, rng, size);
        }
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                img.getRaster().setSample(x, y, 0, px[y * size + x]);
            }
        }
        return img;
    }

    private static void shape(int[] px, boolean square, boolean left, SplittableRandom rng, int size) {
        int k = size / SIZE; // the scale: 1 at 32 pixels
        int side = SIDE * k;
        // at 32 pixels the shape's 7 columns stay inside [2, 10] (left) or [21, 29] (right): far from the
        // middle, and inside the centre crop of ImageNet-style preprocessing (28 of 32)
        int x0 = left ? k * (2 + rng.nextInt(3)) : size - side - k * (2 + rng.nextInt(3));
        int y0 = k * (2 + rng.nextInt(SIZE - SIDE - 3));
        int arm = (side / 2) - k; // a plus's arms are 3 of 7 wide
        for (int dy = 0; dy < side; dy++) {
            for (int dx = 0; dx < side; dx++) {
                if (square || (dx >= arm && dx < side - arm) || (dy >= arm && dy < side - arm)) {
                    px[(y0 + dy) * size + x0 + dx] = 200 + rng.nextInt(56);
                }
            }
        }
    }
}
