package dev.graft.train;

/**
 * A batch ready for the network: input values, their shape, class ids, and optionally soft
 * targets (mixup and cutmix make them).
 *
 * @param x values in row-major order
 * @param shape the input's shape, batch first
 * @param labels class id per row (with soft targets: each row's dominant source label)
 * @param targets {@code size × classes} target probabilities, or null for hard labels
 */
public record TensorBatch(float[] x, long[] shape, int[] labels, float[] targets) {
    /** A batch with hard labels. */
    public TensorBatch(float[] x, long[] shape, int[] labels) {
        this(x, shape, labels, null);
    }

    public int size() {
        return labels.length;
    }

    /** Whether this batch trains against soft targets instead of its labels. */
    public boolean soft() {
        return targets != null;
    }
}
