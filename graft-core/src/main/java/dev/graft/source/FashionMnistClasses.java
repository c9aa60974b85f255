package dev.graft.source;

import dev.graft.data.DataConfig;
import dev.graft.data.DataException;
import dev.graft.data.Datasets;
import dev.graft.data.FashionMnist;
import dev.graft.data.ImageSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Some classes of Fashion-MNIST (Zalando, MIT licence), 28×28 grey images, read from the files
 * Debian's {@code dataset-fashion-mnist} installs (or the folder {@code GRAFT_FASHION_MNIST} names).
 * Training and validation images come from its training split, test images from its test split;
 * the classes are relabelled 0..k-1 in the order given.
 */
public final class FashionMnistClasses implements DataSource {
    private final int[] classes;
    private final int perClass;
    private final int valPerClass;

    private FashionMnistClasses(Builder b) {
        this.classes = b.classes.clone();
        this.perClass = b.perClass;
        this.valPerClass = b.valPerClass;
    }

    /**
     * These classes with every option at its default.
     *
     * @param classes class ids 0-9 (0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat,
     *     5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot)
     * @return the source
     */
    public static FashionMnistClasses of(int... classes) {
        return builder().setClasses(classes).build();
    }

    /**
     * A builder for these classes with options.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The class names, in the order of the class ids given.
     *
     * @return the labels a model trained on this source has
     */
    public List<String> labels() {
        List<String> out = new ArrayList<>();
        for (int c : classes) {
            out.add(FashionMnist.LABELS.get(c));
        }
        return out;
    }

    @Override
    public DataConfig toDataConfig(long seed, int threads) {
        return new DataConfig(DataConfig.FASHION_MNIST, classes.clone(), perClass, valPerClass,
                DataConfig.DEFAULT_VAL_FRACTION, seed, threads);
    }

    /** The test split of these classes; they must be the model's classes. */
    @Override
    public ImageSource testImages(List<String> labels, int threads) {
        int[] ids = new int[labels.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = FashionMnist.LABELS.indexOf(labels.get(i));
        }
        int[] mine = classes.clone();
        int[] theirs = ids.clone();
        Arrays.sort(mine);
        Arrays.sort(theirs);
        if (!Arrays.equals(mine, theirs)) {
            throw new DataException("Fashion-MNIST classes " + labels() + " are not the model's classes " + labels
                    + "; evaluate on the classes the model was trained on");
        }
        return Datasets.fashionMnistTest(ids);
    }

    @Override
    public String toString() {
        return "Fashion-MNIST classes " + Arrays.toString(classes);
    }

    /** Builds a {@link FashionMnistClasses}; {@link #setClasses} is required. */
    public static final class Builder {
        private int[] classes;
        private int perClass;
        private int valPerClass = DataConfig.DEFAULT_FASHION_MNIST_VAL_PER_CLASS;

        private Builder() {}

        /**
         * The classes to tell apart.
         *
         * @param classes at least two distinct class ids 0-9; required
         * @return this builder
         */
        public Builder setClasses(int... classes) {
            this.classes = classes.clone();
            return this;
        }

        /**
         * Trains on at most this many images of each class, chosen by the seed.
         *
         * @param perClass images per class; default 0, all 6,000 less the validation images
         * @return this builder
         */
        public Builder optPerClass(int perClass) {
            this.perClass = perClass;
            return this;
        }

        /**
         * Validation images per class, taken from the training split apart from the training images.
         *
         * @param valPerClass images per class; default
         *     {@link DataConfig#DEFAULT_FASHION_MNIST_VAL_PER_CLASS} (100)
         * @return this builder
         */
        public Builder optValPerClass(int valPerClass) {
            this.valPerClass = valPerClass;
            return this;
        }

        /**
         * Checks the options and builds the source.
         *
         * @return the source
         * @throws IllegalArgumentException naming the option that is missing or out of range
         */
        public FashionMnistClasses build() {
            if (classes == null) {
                throw new IllegalArgumentException("FashionMnistClasses: setClasses is required");
            }
            if (classes.length < 2) {
                throw new IllegalArgumentException("FashionMnistClasses: classes needs at least two class ids, got "
                        + Arrays.toString(classes));
            }
            if (Arrays.stream(classes).distinct().count() != classes.length) {
                throw new IllegalArgumentException("FashionMnistClasses: classes repeats an id: "
                        + Arrays.toString(classes));
            }
            for (int c : classes) {
                if (c < 0 || c > 9) {
                    throw new IllegalArgumentException("FashionMnistClasses: classes are ids 0-9, not " + c);
                }
            }
            if (perClass < 0) {
                throw new IllegalArgumentException("FashionMnistClasses: perClass must be >= 0 (0 = all), got "
                        + perClass);
            }
            if (valPerClass < 1) {
                throw new IllegalArgumentException("FashionMnistClasses: valPerClass must be >= 1, got "
                        + valPerClass);
            }
            return new FashionMnistClasses(this);
        }
    }
}
