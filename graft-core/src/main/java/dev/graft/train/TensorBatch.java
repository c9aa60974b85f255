package dev.graft.train;

/**
 * A batch ready for the network: input values, their shape, and class ids.
 *
 * @param x values in row-major order
 * @param shape the input's shape, batch first
 * @param labels class id per row
 */
public record TensorBatch(float[] x, long[] shape, int[] labels) {
    public int size() {
        return labels.length;
    }
}
