package dev.graft.train;

/** The order in which one epoch visits the training set, by index; it may repeat or skip indices. */
@FunctionalInterface
public interface Sampler {
    /** The indices epoch {@code epoch} visits, in order. */
    int[] order(int epoch);

    /** Every index once, in a fresh seeded shuffle per epoch (the default). */
    static Sampler shuffle(int n, long seed) {
        return epoch -> ImageBatches.shuffled(n, seed * 31 + epoch);
    }
}
