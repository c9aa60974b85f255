package dev.graft.gen;

import dev.graft.data.DataConfig;
import dev.graft.data.DataException;
import dev.graft.data.FashionMnist;
import dev.graft.data.FolderImages;
import dev.graft.data.InMemoryImages;
import dev.graft.data.Splits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The images a generator trains on and is judged against: {@code train} (the N images it may
 * see), {@code val} (held out from the same split, for early stopping) and {@code test} (never
 * seen, for the final score). Opened from a spec: {@code fashion-mnist:CLASSES} such as
 * {@code fashion-mnist:0-4} or {@code fashion-mnist:9}, or a folder of images in class
 * subfolders (scaled to 28×28 grey; it has no Fashion-MNIST classes, so no domain accuracy).
 *
 * @param train training images
 * @param val validation images, disjoint from train
 * @param test test images, or the validation images again for a folder without enough images
 * @param classes the Fashion-MNIST classes of the domain (empty for a folder)
 * @param description what was loaded, for provenance
 */
public record GenData(GenImages train, GenImages val, GenImages test, int[] classes, String description) {
    /** Image side all generators use. */
    public static final int SIZE = 28;
    /** Validation images per class held out of a target domain's training split, for early stopping. */
    public static final int TARGET_VAL_PER_CLASS = 500;
    /** The same for a source domain, where validation only reports. */
    public static final int SOURCE_VAL_PER_CLASS = 100;

    /**
     * Opens a spec.
     *
     * @param n training images to keep, spread evenly over the classes (0 = all that remain)
     * @param valPerClass validation images per class held out of the training split
     * @param seed drives which images are picked
     */
    public static GenData open(String spec, int n, int valPerClass, long seed) {
        String s = spec.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("fashion-mnist") || lower.startsWith("fashion-mnist:")) {
            int[] classes = lower.contains(":") ? parseClasses(s.substring(s.indexOf(':') + 1), spec)
                    : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
            return fashionMnist(classes, n, valPerClass, seed);
        }
        return folder(Path.of(s), n, valPerClass, seed);
    }

    /** The folder a spec reads, by flag, when it is one (not Fashion-MNIST). */
    public static java.util.Map<String, Path> paths(String spec) {
        String s = spec.trim();
        return s.toLowerCase(Locale.ROOT).startsWith("fashion-mnist") ? java.util.Map.of()
                : java.util.Map.of("`data`", Path.of(s));
    }

    private static int[] parseClasses(String list, String spec) {
        int[] classes;
        try {
            classes = DataConfig.parseClasses(list);
        } catch (IllegalArgumentException e) {
            throw new DataException("bad data spec '" + spec + "' (" + e.getMessage() + "): use fashion-mnist:CLASSES, "
                    + "e.g. fashion-mnist:0-4");
        }
        if (classes == null || classes.length == 0) {
            throw new DataException("data spec '" + spec + "' names no classes; use e.g. fashion-mnist:9");
        }
        for (int c : classes) {
            if (c < 0 || c > 9) {
                throw new DataException("Fashion-MNIST has classes 0-9, not " + c + "; fix the data spec '" + spec + "'");
            }
        }
        return classes;
    }

    private static GenData fashionMnist(int[] classes, int n, int valPerClass, long seed) {
        Path dir = FashionMnist.defaultDir();
        InMemoryImages train = FashionMnist.load(dir, "train").selectClasses(classes);
        InMemoryImages test = FashionMnist.load(dir, "t10k").selectClasses(classes);
        int[][] split = pick(train, classes.length, n, valPerClass, seed);
        String names = String.join(", ", train.labels());
        String what = "Fashion-MNIST classes " + Arrays.toString(classes) + " (" + names + ")";
        int[] all = new int[test.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return new GenData(GenImages.fromBytes(train, split[0], classes, what + ", " + split[0].length + " training"),
                GenImages.fromBytes(train, split[1], classes, what + ", " + split[1].length + " validation"),
                GenImages.fromBytes(test, all, classes, what + ", " + all.length + " test"), classes.clone(),
                what + ": " + split[0].length + " training images (seed " + seed + "), " + split[1].length
                        + " validation, " + all.length + " test");
    }

    private static GenData folder(Path root, int n, int valPerClass, long seed) {
        FolderImages src = FolderImages.open(root, null, Runtime.getRuntime().availableProcessors());
        int[][] split = pick(src, src.labels().size(), n, valPerClass, seed);
        if (split[0].length == 0) {
            throw new DataException(root + ": no training images left after holding out " + valPerClass
                    + " per class for validation; add images or lower the validation count");
        }
        GenImages all = GenImages.fromSource(src, SIZE, root.toString());
        GenImages val = all.subset(split[1], root + ", validation");
        return new GenData(all.subset(split[0], root + ", training"), val, val, new int[0],
                root + ": " + split[0].length + " training, " + split[1].length + " validation images (seed "
                        + seed + "); no separate test set");
    }

    /** {@code [train, val]}: val first from each class's shuffle, then up to n/k training images per class. */
    private static int[][] pick(dev.graft.data.ImageSource src, int k, int n, int valPerClass, long seed) {
        List<List<Integer>> groups = Splits.byClass(src, seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        for (int c = 0; c < groups.size(); c++) {
            List<Integer> g = groups.get(c);
            int nVal = Math.min(valPerClass, g.size());
            val.addAll(g.subList(0, nVal));
            // spread n over classes, the first n % k classes taking one more
            int want = n <= 0 ? g.size() : n / k + (c < n % k ? 1 : 0);
            train.addAll(g.subList(nVal, Math.min(g.size(), nVal + want)));
        }
        if (n > 0 && train.size() < n) {
            throw new DataException("asked for " + n + " training images but the data has only " + train.size()
                    + " after validation; lower `images`");
        }
        return new int[][] {train.stream().mapToInt(Integer::intValue).toArray(),
                val.stream().mapToInt(Integer::intValue).toArray()};
    }
}
