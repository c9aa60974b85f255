package dev.graft.weights;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Checks every reader applies to what a file declares: element counts without overflow, and the
 * guard that turns a stack overflow or an exhausted heap while parsing into a one-line error.
 */
final class Shapes {
    private Shapes() {}

    /** The element count of a shape; refuses negative sizes and products past 2^63 naming the tensor. */
    static long numel(long[] shape, Path file, String tensor) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new WeightsException(file + ": tensor '" + tensor + "' has a negative size in its shape "
                        + Arrays.toString(shape) + "; the file is corrupt");
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new WeightsException(file + ": tensor '" + tensor + "' has shape " + Arrays.toString(shape)
                        + ", whose element count overflows a 64-bit integer; the file is corrupt");
            }
        }
        return n;
    }

    /**
     * Runs a reader, turning {@link StackOverflowError} and {@link OutOfMemoryError} into a
     * {@link WeightsException} naming the file. Everything the reader built is local to it and
     * becomes garbage, so the JVM carries on as before.
     */
    static <T> T guard(Path file, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (StackOverflowError e) {
            throw new WeightsException(file + ": refused: reading it overflowed the Java stack, so it nests "
                    + "deeper than any weights file; the file is corrupt or hostile");
        } catch (OutOfMemoryError e) {
            throw new WeightsException(file + ": the Java heap ran out while reading it (" + e.getMessage()
                    + "); give Java more memory (for the graft command: GRAFT_JAVA_OPTS=-Xmx16g) or check the file");
        }
    }
}
