package dev.graft.nn;

import ai.djl.ndarray.NDArray;

/**
 * A change applied to a weight at every forward pass, leaving the stored weight untouched: LoRA's
 * {@code W + (alpha/r)·B·A} is one. Layers that honour it read their weight through
 * {@link Param#value}; {@link Conv2d} and {@link Linear} do.
 */
@FunctionalInterface
public interface WeightUpdate {
    /**
     * The weight to use for input {@code x}. Temporaries must end up on {@code x}'s manager (make
     * the first operand of each op an array attached there), so a per-step sub-manager frees them.
     */
    NDArray apply(NDArray weight, NDArray x);
}
