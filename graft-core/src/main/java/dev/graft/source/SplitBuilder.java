package dev.graft.source;

import dev.graft.data.DataConfig;

/**
 * The options every splittable source shares: how many images per class to train on, and how
 * many to hold out for validation. Validated by the subclass's {@code build()}.
 *
 * @param <B> the concrete builder, returned by every option for chaining
 */
public abstract class SplitBuilder<B extends SplitBuilder<B>> {
    /** Training images per class; 0 takes all. */
    protected int perClass = DataConfig.DEFAULT_PER_CLASS;
    /** Validation images per class; 0 holds out {@link #valFraction} instead. */
    protected int valPerClass = DataConfig.DEFAULT_VAL_PER_CLASS;
    /** Share of each class held out for validation. */
    protected double valFraction = DataConfig.DEFAULT_VAL_FRACTION;

    /** Creates a builder with every option at its default. */
    protected SplitBuilder() {}

    /**
     * Trains on at most this many images of each class, chosen by the seed.
     *
     * @param perClass images per class; default 0, all of them
     * @return this builder
     */
    public B optPerClass(int perClass) {
        this.perClass = perClass;
        return self();
    }

    /**
     * Holds out exactly this many images of each class for validation, instead of a share.
     *
     * @param valPerClass images per class; default 0, which holds out {@link #optValFraction} instead
     * @return this builder
     */
    public B optValPerClass(int valPerClass) {
        this.valPerClass = valPerClass;
        return self();
    }

    /**
     * Holds out this share of each class for validation (early stopping and choosing the best
     * epoch watch it), when the data has no validation part of its own.
     *
     * @param valFraction a share in (0, 1); default {@link DataConfig#DEFAULT_VAL_FRACTION} (0.2)
     * @return this builder
     */
    public B optValFraction(double valFraction) {
        this.valFraction = valFraction;
        return self();
    }

    /**
     * Checks the split options; subclasses call it from {@code build()}.
     *
     * @param what the source, for messages
     * @throws IllegalArgumentException naming the option that is out of range
     */
    protected void validateSplit(String what) {
        if (perClass < 0) {
            throw new IllegalArgumentException(what + ": perClass must be >= 0 (0 = all), got " + perClass);
        }
        if (valPerClass < 0) {
            throw new IllegalArgumentException(what + ": valPerClass must be >= 0 (0 = use valFraction), got "
                    + valPerClass);
        }
        if (!(valFraction > 0 && valFraction < 1)) {
            throw new IllegalArgumentException(what + ": valFraction must be in (0, 1), got " + valFraction);
        }
    }

    /**
     * This builder, typed as the subclass.
     *
     * @return this
     */
    protected abstract B self();
}
