package dev.graft.weights;

import dev.graft.weights.TorchGlobals.TensorRef;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Copies a strided view of a storage into a fresh contiguous float array. PyTorch pickles a
 * transposed tensor or a slice as (storage, offset, size, stride) sharing its base's storage;
 * Graft's {@link HostTensor} is always row-major and owns its data.
 */
final class StridedCopy {
    private StridedCopy() {}

    static HostTensor contiguous(String name, TensorRef t, ByteBuffer storage, Path file) {
        DType dtype = t.storage().dtype();
        long[] size = t.size();
        long[] stride = t.stride();
        if (size.length != stride.length) {
            throw new WeightsException(file + ": tensor '" + name + "' has size " + Arrays.toString(size)
                    + " but stride " + Arrays.toString(stride) + "; the file is corrupt");
        }
        long n = Shapes.numel(size, file, name);
        if (n > Integer.MAX_VALUE - 8) {
            throw new WeightsException(file + ": tensor '" + name + "' has " + n
                    + " values, more than one Java array holds");
        }
        long start;
        long last;
        try {
            start = Math.addExact(t.storage().base(), t.offset());
            last = start;
            for (int d = 0; d < size.length; d++) {
                if (size[d] < 0 || stride[d] < 0) {
                    throw new WeightsException(file + ": tensor '" + name + "' has a negative size or stride");
                }
                if (size[d] > 0) {
                    last = Math.addExact(last, Math.multiplyExact(size[d] - 1, stride[d]));
                }
            }
        } catch (ArithmeticException e) {
            throw new WeightsException(file + ": tensor '" + name + "' has an offset or strides past 2^63; "
                    + "the file is corrupt");
        }
        long available = storage.capacity() / dtype.bytes;
        if (n > 0 && (start < 0 || last >= available)) {
            throw new WeightsException(file + ": tensor '" + name + "' reads elements " + start + ".." + last
                    + " of a storage that holds " + available + "; the file is corrupt or truncated");
        }
        if (n == 0) {
            return new HostTensor(size, new float[0]);
        }
        if (isRowMajor(size, stride)) {
            return new HostTensor(size, dtype.toFloats(storage.duplicate().order(storage.order())
                    .position(Math.toIntExact(start * dtype.bytes)), (int) n));
        }
        float[] out = new float[(int) n];
        long[] index = new long[size.length];
        long offset = start;
        for (int i = 0; i < out.length; i++) {
            out[i] = dtype.at(storage, offset * dtype.bytes);
            // Odometer over the index space, last dimension fastest, as row-major order requires.
            for (int d = size.length - 1; d >= 0; d--) {
                if (++index[d] < size[d]) {
                    offset += stride[d];
                    break;
                }
                offset -= (size[d] - 1) * stride[d];
                index[d] = 0;
            }
        }
        return new HostTensor(size, out);
    }

    /** True when the strides are those of a dense row-major layout; size-1 dims may stride anyhow. */
    static boolean isRowMajor(long[] size, long[] stride) {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }
}
