package dev.graft.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens data as {@link DataConfig} describes it. A folder with {@code train/} (and optionally
 * {@code val/}, {@code test/}) subfolders uses them; a plain ImageFolder, a CSV file of
 * {@code path,label} rows ({@link CsvImages}) and images handed over in code ({@link #pool}) get a
 * stratified, seeded validation split. Fashion-MNIST takes its validation images from its
 * training split and tests on its test split.
 */
public final class Datasets {
    private Datasets() {}

    public static Data open(DataConfig c) {
        if (c.isFashionMnist()) {
            return fashionMnist(c);
        }
        Path p = Path.of(c.data());
        if (CsvImages.isCsv(p)) {
            CsvImages all = CsvImages.open(p, null, c.threads());
            return pool(all, c, p.toString(), all.skipped());
        }
        return folder(c);
    }

    /**
     * One labeled pool of images split as {@link DataConfig} says into training and validation
     * images (no test images): a CSV file, or images handed over in code.
     *
     * @param where what to call the pool in messages (a path, or a name)
     * @param skipped unreadable files already left out of {@code all}
     */
    public static Data pool(ImageSource all, DataConfig c, String where, List<String> skipped) {
        checkClasses(all, where);
        int[][] split = split(all, c, where);
        Subset train = new Subset(all, split[0]);
        Subset val = new Subset(all, split[1]);
        return new Data(train, val, null, all.labels(), describe(where, train, val, null), List.copyOf(skipped));
    }

    /**
     * The test images of these Fashion-MNIST classes, relabelled 0..k-1 in the order given.
     *
     * @param classes Fashion-MNIST class ids
     * @return the images of its test split
     */
    public static InMemoryImages fashionMnistTest(int[] classes) {
        return FashionMnist.load(FashionMnist.defaultDir(), "t10k").selectClasses(classes);
    }

    /**
     * The images of a folder to evaluate on: its {@code test/} subfolder, else {@code val/}, else
     * the folder itself.
     *
     * @param labels the model's classes, in its order
     * @param threads decoding threads
     * @return the images
     */
    public static FolderImages folderTest(Path root, List<String> labels, int threads) {
        Path sub = Files.isDirectory(root.resolve("test")) ? root.resolve("test")
                : Files.isDirectory(root.resolve("val")) ? root.resolve("val") : root;
        return FolderImages.open(sub, labels, threads);
    }

    private static Data fashionMnist(DataConfig c) {
        Path dir = FashionMnist.defaultDir();
        int[] classes = c.classes() == null ? new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9} : c.classes();
        for (int k : classes) {
            if (k < 0 || k > 9) {
                throw new DataException("Fashion-MNIST has classes 0-9, not " + k + "; fix `classes`");
            }
        }
        if (classes.length < 2) {
            throw new DataException("need at least two classes to classify, got " + classes.length + "; fix `classes`");
        }
        InMemoryImages train = FashionMnist.load(dir, "train").selectClasses(classes);
        InMemoryImages test = FashionMnist.load(dir, "t10k").selectClasses(classes);
        int valPer = c.valPerClass() > 0 ? c.valPerClass() : DataConfig.DEFAULT_FASHION_MNIST_VAL_PER_CLASS;
        int[][] split = Splits.perClass(train, c.perClass(), valPer, c.seed());
        String what = "Fashion-MNIST classes " + java.util.Arrays.toString(classes) + " ("
                + String.join(", ", train.labels()) + "), " + (c.perClass() > 0 ? c.perClass() + " per class" : "all")
                + " for training, " + valPer + " per class for validation, " + test.size() + " test images";
        return new Data(new Subset(train, split[0]), new Subset(train, split[1]), test, train.labels(), what, List.of());
    }

    private static Data folder(DataConfig c) {
        Path root = Path.of(c.data());
        List<String> skipped = new ArrayList<>();
        Path trainDir = root.resolve("train");
        if (Files.isDirectory(trainDir)) {
            FolderImages train = FolderImages.open(trainDir, null, c.threads());
            checkClasses(train, trainDir.toString());
            skipped.addAll(train.skipped());
            ImageSource trainSet;
            ImageSource valSet;
            Path valDir = root.resolve("val");
            if (Files.isDirectory(valDir)) {
                FolderImages val = FolderImages.open(valDir, train.labels(), c.threads());
                skipped.addAll(val.skipped());
                trainSet = new Subset(train, Splits.limit(train, c.perClass(), c.seed()));
                valSet = val;
            } else {
                int[][] split = split(train, c, trainDir.toString());
                trainSet = new Subset(train, split[0]);
                valSet = new Subset(train, split[1]);
            }
            ImageSource test = null;
            Path testDir = root.resolve("test");
            if (Files.isDirectory(testDir)) {
                FolderImages t = FolderImages.open(testDir, train.labels(), c.threads());
                skipped.addAll(t.skipped());
                test = t;
            }
            return new Data(trainSet, valSet, test, train.labels(), describe(root.toString(), trainSet, valSet, test),
                    skipped);
        }
        FolderImages all = FolderImages.open(root, null, c.threads());
        return pool(all, c, root.toString(), all.skipped());
    }

    private static int[][] split(ImageSource src, DataConfig c, String where) {
        int[][] s = c.valPerClass() > 0
                ? Splits.perClass(src, c.perClass(), c.valPerClass(), c.seed())
                : Splits.stratified(src, c.valFraction(), c.seed());
        if (c.valPerClass() <= 0 && c.perClass() > 0) {
            Subset train = new Subset(src, s[0]);
            int[] kept = Splits.limit(train, c.perClass(), c.seed());
            int[] mapped = new int[kept.length];
            for (int i = 0; i < kept.length; i++) {
                mapped[i] = train.baseIndex(kept[i]);
            }
            s[0] = mapped;
        }
        if (s[1].length == 0) {
            throw new DataException(where + ": too few images to hold any out for validation; add images "
                    + "or give a val/ folder");
        }
        return s;
    }

    private static void checkClasses(ImageSource src, String where) {
        if (src.labels().size() < 2) {
            throw new DataException(where + ": only one class ('" + src.labels().get(0)
                    + "'); a classifier needs at least two " + (src instanceof FolderImages ? "class subfolders" : "classes"));
        }
    }

    private static String describe(String root, ImageSource train, ImageSource val, ImageSource test) {
        return root + ": " + train.labels().size() + " classes, " + train.size() + " training, " + val.size()
                + " validation" + (test == null ? "" : ", " + test.size() + " test") + " images";
    }
}
