package dev.graft.nn;

import ai.djl.ndarray.NDArray;

/**
 * Frees activations as soon as the next layer has consumed them, as PyTorch does by reference
 * counting. DJL keeps every array a step creates until the step's NDManager closes, so without
 * this a training step holds every intermediate of the forward pass (pre-activation copies,
 * BatchNorm outputs) through the whole backward pass. Closing an array only drops DJL's handle:
 * whatever autograd saved for the backward pass keeps its own reference and stays.
 *
 * <p>Code that keeps a layer's output beyond the next layer runs its forward pass inside
 * {@link #keepAll}, which turns freeing off on that thread; while any {@link Capture} is open
 * (Grad-CAM reads a layer's output and gradient through one) nothing is freed early on any thread.
 */
public final class Intermediates {
    private static final ThreadLocal<int[]> KEEP = ThreadLocal.withInitial(() -> new int[1]);
    /** Open captures: an output a hook recorded must outlive the layer after it. */
    static final java.util.concurrent.atomic.AtomicInteger CAPTURES = new java.util.concurrent.atomic.AtomicInteger();

    private Intermediates() {}

    /** {@code m} applied to {@code x}, then {@code x} freed: the caller owns {@code x} and needs it no more. */
    public static NDArray through(NDArray x, Module m, Ctx ctx) {
        NDArray y = m.call(x, ctx);
        release(x, y);
        return y;
    }

    /** ReLU of {@code x}, then {@code x} freed (ReLU's backward needs only its output). */
    public static NDArray relu(NDArray x) {
        NDArray y = ai.djl.nn.Activation.relu(x);
        release(x, y);
        return y;
    }

    /**
     * Frees {@code used} unless it is {@code result} itself or freeing is off: on this thread by
     * {@link #keepAll}, or everywhere by the system property {@code graft.keepIntermediates=true}
     * (for measuring what freeing saves).
     */
    public static void release(NDArray used, NDArray result) {
        if (used != result && KEEP.get()[0] == 0 && CAPTURES.get() == 0
                && !Boolean.getBoolean("graft.keepIntermediates")) {
            used.close();
        }
    }

    /** Until closed, nothing is freed early on this thread: every layer's output stays usable to the step's end. */
    public static AutoCloseable keepAll() {
        int[] depth = KEEP.get();
        depth[0]++;
        return () -> depth[0]--;
    }
}
