package dev.graft.weights;

import java.util.Arrays;

/**
 * A float32 tensor held on the Java heap: what every weights reader produces and every writer
 * consumes. Integer tensors (such as BatchNorm's {@code num_batches_tracked}) are stored as floats,
 * which is exact up to 2^24.
 *
 * @param shape the dimensions, outermost first (an empty array is a scalar)
 * @param data the values in row-major order
 */
public record HostTensor(long[] shape, float[] data) {

    public HostTensor {
        long n = numel(shape);
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
    }

    /** Number of elements a tensor of this shape holds. */
    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public long numel() {
        return data.length;
    }

    /** The shape as text, like PyTorch prints it: {@code [64, 3, 7, 7]}. */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    public boolean sameShape(long[] other) {
        return Arrays.equals(shape, other);
    }
}
