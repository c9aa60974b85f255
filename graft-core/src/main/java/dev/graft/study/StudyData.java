package dev.graft.study;

import dev.graft.data.Data;
import dev.graft.data.DataConfig;
import dev.graft.data.DataException;
import dev.graft.data.Datasets;
import dev.graft.pretrain.synthetic.SyntheticData;
import dev.graft.pretrain.synthetic.SyntheticSpec;
import dev.graft.data.ImageSource;
import dev.graft.data.Splits;
import dev.graft.data.Subset;
import java.util.List;

/**
 * The images a study shares across its cells: a training pool that every cell's stratified subset
 * is drawn from, one validation set for early stopping, and one held-out test set.
 *
 * @param pool labeled images the training subsets come from
 * @param val validation images, the same for every cell
 * @param test test images, the same for every cell and never trained or selected on
 * @param labels class names
 * @param description one line saying what this is
 * @param skipped unreadable files left out
 */
public record StudyData(ImageSource pool, ImageSource val, ImageSource test, List<String> labels,
        String description, List<String> skipped) {

    /**
     * Opens the data a config names. Fashion-MNIST tests on its test split; a folder tests on its
     * {@code test/} subfolder, or else on a stratified, seeded share of its images.
     */
    public static StudyData open(StudyConfig c) {
        DataConfig dc = new DataConfig(c.data(), c.classes(), 0, c.valPerClass(), 0.2, c.seed(), c.threads());
        Data d = SyntheticSpec.isSynthetic(c.data()) ? SyntheticData.open(dc) : Datasets.open(dc);
        ImageSource pool = d.train();
        ImageSource test = d.test();
        String testWhat = "from its test split";
        if (test == null) {
            int[][] split = Splits.stratified(pool, c.testFraction(), c.seed() ^ 0x7e57L);
            test = new Subset(pool, split[1]);
            pool = new Subset(pool, split[0]);
            testWhat = "held out, " + Math.round(100 * c.testFraction()) + "% of each class";
        }
        return of(pool, d.val(), test, d.labels(), d.description() + "; study test set " + testWhat, d.skipped(),
                c.testPerClass(), c.seed());
    }

    /** Assembles study data from sources already split, limiting the test set to {@code testPerClass} (0 = all). */
    public static StudyData of(ImageSource pool, ImageSource val, ImageSource test, List<String> labels,
            String description, List<String> skipped, int testPerClass, long seed) {
        if (test.size() == 0) {
            throw new DataException(description + ": no test images; give a test/ folder or more images");
        }
        ImageSource t = testPerClass > 0 ? new Subset(test, Splits.limit(test, testPerClass, seed)) : test;
        String what = description + ": " + t.size() + " images" + (testPerClass > 0 ? ", a fixed seeded "
                + testPerClass + " per class of " + test.size() : "");
        int[] counts = pool.classCounts();
        for (int c = 0; c < labels.size(); c++) {
            if (counts[c] == 0) {
                throw new DataException(description + ": class '" + labels.get(c) + "' has no training images "
                        + "left after the validation and test sets; add images of it");
            }
        }
        return new StudyData(pool, val, t, labels, what, skipped);
    }

    /**
     * The labeled training images of one cell: the first {@code perClass} images of each class in
     * a shuffle seeded by {@code seed} (0 = the whole pool). Sizes of one seed are nested: the 5
     * images of a class are among its 10.
     */
    public ImageSource trainSubset(int perClass, long seed) {
        return new Subset(pool, Splits.limit(pool, perClass, seed));
    }

    /** The smallest class count of the pool: what "all" means per class. */
    public int minPoolPerClass() {
        int min = Integer.MAX_VALUE;
        for (int n : pool.classCounts()) {
            min = Math.min(min, n);
        }
        return min;
    }
}
