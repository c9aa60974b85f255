package dev.graft.export;

import dev.graft.data.FashionMnist;
import dev.graft.data.InMemoryImages;
import dev.graft.data.RawImage;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Real Fashion-MNIST images as an ImageFolder: a few training and validation images per class
 * from the training split, and a held-out set from the test split in three forms: the 28×28 PNG,
 * the same as JPEG, and an RGB JPEG enlarged to 90×75 (so the in-graph resize has work to do).
 */
final class FashionFolder {
    static final int[] CLASSES = {5, 7, 8, 9, 1}; // sandal, sneaker, bag, ankle boot, trouser

    private FashionFolder() {}

    /** Writes train/ and val/ under {@code root} and returns the held-out files written under {@code held}. */
    static List<Path> write(Path root, Path held, int train, int val, int heldOut) throws IOException {
        InMemoryImages tr = FashionMnist.load(FashionMnist.defaultDir(), "train");
        InMemoryImages te = FashionMnist.load(FashionMnist.defaultDir(), "t10k");
        List<Path> heldFiles = new ArrayList<>();
        for (int c : CLASSES) {
            String name = FashionMnist.LABELS.get(c).toLowerCase().replaceAll("[^a-z]", "_");
            int k = 0;
            for (int i = 0; i < tr.size() && k < train + val; i++) {
                if (tr.label(i) == c) {
                    Path dir = Files.createDirectories(root.resolve(k < train ? "train" : "val").resolve(name));
                    ImageIO.write(grey(tr.image(i)), "png", dir.resolve("img" + k + ".png").toFile());
                    k++;
                }
            }
            Path dir = Files.createDirectories(held.resolve(name));
            k = 0;
            for (int i = 0; i < te.size() && k < heldOut; i++) {
                if (te.label(i) == c) {
                    BufferedImage img = grey(te.image(i));
                    heldFiles.add(write(img, "png", dir.resolve("t" + k + ".png")));
                    heldFiles.add(write(img, "jpg", dir.resolve("t" + k + ".jpg")));
                    heldFiles.add(write(enlarged(img, 90, 75), "jpg", dir.resolve("t" + k + "_large.jpg")));
                    k++;
                }
            }
        }
        return heldFiles;
    }

    private static Path write(BufferedImage img, String format, Path file) throws IOException {
        ImageIO.write(img, format, file.toFile());
        return file;
    }

    private static BufferedImage grey(RawImage r) {
        BufferedImage img = new BufferedImage(r.width(), r.height(), BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, r.width(), r.height(), r.pixels());
        return img;
    }

    private static BufferedImage enlarged(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
