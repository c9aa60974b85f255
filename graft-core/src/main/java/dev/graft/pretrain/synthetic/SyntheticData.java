package dev.graft.pretrain.synthetic;

import dev.graft.data.Data;
import dev.graft.data.DataConfig;
import java.util.List;

/** Opens a {@link SyntheticSpec} as training, validation and test images. */
public final class SyntheticData {
    /** Instance numbers of validation and test images start here, far from any training instance. */
    static final long VAL_FIRST = 1L << 40;
    static final long TEST_FIRST = 1L << 41;
    /** Training images per category when the data config does not say. */
    public static final int DEFAULT_PER_CLASS = 500;
    /** Test images per category, at least: enough for a study's score to mean something. */
    static final int TEST_PER_CLASS = 100;

    private SyntheticData() {}

    /**
     * The data a {@link DataConfig} whose {@code data} is {@code synthetic:…} names: its
     * {@code perClass} training instances per category (default {@value #DEFAULT_PER_CLASS}), and
     * {@code valPerClass} validation instances (default 20) and as many test instances, but at least
     * {@value #TEST_PER_CLASS}; the three sets never share an image.
     */
    public static Data open(DataConfig c) {
        SyntheticSpec spec = SyntheticSpec.parse(c.data());
        Generator gen = spec.generator();
        int per = c.perClass() > 0 ? c.perClass() : DEFAULT_PER_CLASS;
        int valPer = c.valPerClass() > 0 ? c.valPerClass() : 20;
        SyntheticImages train = new SyntheticImages(gen, per, 0);
        SyntheticImages val = new SyntheticImages(gen, valPer, VAL_FIRST);
        SyntheticImages test = new SyntheticImages(gen, Math.max(valPer, TEST_PER_CLASS), TEST_FIRST);
        String what = "synthetic " + spec.kind() + " (" + spec.categories() + " categories from seed " + spec.seed()
                + ", " + spec.size() + " px, rendered on the fly), " + per + " per category for training, " + valPer
                + " per category for validation, " + test.size() / gen.categories() + " for test";
        return new Data(train, val, test, train.labels(), what, List.of());
    }
}
