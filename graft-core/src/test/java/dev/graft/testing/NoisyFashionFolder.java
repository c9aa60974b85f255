package dev.graft.testing;

import dev.graft.data.FashionMnist;
import dev.graft.data.InMemoryImages;
import dev.graft.data.RawImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Real Fashion-MNIST images written as an ImageFolder of PNGs, with a known share of the labels
 * flipped on purpose: each flipped image goes into the folder of another class, drawn at random.
 * The flipped files are returned, so a test can score a label-noise finder against them.
 */
public final class NoisyFashionFolder {
    private NoisyFashionFolder() {}

    /**
     * @param root the folder to write ({@code root/<label>/<split>-NNNNN.png}, a slash in a label becoming a dash)
     * @param split {@code train} or {@code t10k}: which Fashion-MNIST file the images come from
     * @param classes the Fashion-MNIST class ids to use
     * @param perClass images per class (the first of each class in a seeded shuffle)
     * @param noise the share of images whose label is flipped (exactly round(noise · n) of them)
     * @return the paths of the flipped files
     */
    public static Set<Path> write(Path root, String split, int[] classes, int perClass, double noise, long seed)
            throws IOException {
        InMemoryImages all = FashionMnist.load(FashionMnist.defaultDir(), split).selectClasses(classes);
        SplittableRandom rng = new SplittableRandom(seed);
        List<Integer> chosen = new ArrayList<>();
        for (int c = 0; c < classes.length; c++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (all.label(i) == c) {
                    rows.add(i);
                }
            }
            for (int i = rows.size() - 1; i > 0; i--) {
                java.util.Collections.swap(rows, i, rng.nextInt(i + 1));
            }
            chosen.addAll(rows.subList(0, Math.min(perClass, rows.size())));
        }
        int flips = (int) Math.round(noise * chosen.size());
        List<Integer> order = new ArrayList<>(chosen);
        for (int i = order.size() - 1; i > 0; i--) {
            java.util.Collections.swap(order, i, rng.nextInt(i + 1));
        }
        Set<Integer> flipped = new HashSet<>(order.subList(0, flips));
        Set<Path> out = new HashSet<>();
        for (String label : all.labels()) {
            Files.createDirectories(root.resolve(folder(label)));
        }
        for (int row : chosen) {
            int label = all.label(row);
            if (flipped.contains(row)) {
                label = (label + 1 + rng.nextInt(classes.length - 1)) % classes.length;
            }
            Path file = root.resolve(folder(all.labels().get(label))).resolve(String.format("%s-%05d.png", split, row));
            ImageIO.write(grey(all.image(row)), "png", file.toFile());
            if (flipped.contains(row)) {
                out.add(file);
            }
        }
        return out;
    }

    /** A class name as a folder name: {@code T-shirt/top} becomes {@code T-shirt-top}. */
    public static String folder(String label) {
        return label.replace('/', '-');
    }

    private static BufferedImage grey(RawImage r) {
        BufferedImage img = new BufferedImage(r.width(), r.height(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < r.height(); y++) {
            for (int x = 0; x < r.width(); x++) {
                img.getRaster().setSample(x, y, 0, r.at(y, x, 0));
            }
        }
        return img;
    }

    /** Precision and recall of flagged files against the flipped ones. */
    public static double[] precisionRecall(Set<Path> flagged, Set<Path> flipped) {
        long hit = flagged.stream().filter(flipped::contains).count();
        return new double[] {flagged.isEmpty() ? 0 : (double) hit / flagged.size(),
            flipped.isEmpty() ? 1 : (double) hit / flipped.size()};
    }
}
