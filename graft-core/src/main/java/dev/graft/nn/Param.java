package dev.graft.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * One named tensor slot of a module: a learnable parameter or a buffer (such as BatchNorm's
 * running mean). Buffers never train; parameters train unless frozen.
 */
public final class Param {
    /** What initialises a parameter when a module is first materialised. */
    public enum Kind {
        WEIGHT, BIAS, NORM_WEIGHT, NORM_BIAS, RUNNING_MEAN, RUNNING_VAR, COUNTER, OTHER
    }

    private final long[] shape;
    private final Kind kind;
    private final boolean buffer;
    private NDArray array;
    private boolean frozen;
    private WeightUpdate update;

    Param(long[] shape, Kind kind, boolean buffer) {
        this.shape = shape.clone();
        this.kind = kind;
        this.buffer = buffer;
    }

    public long[] shape() {
        return shape.clone();
    }

    public Shape djlShape() {
        return new Shape(shape);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isBuffer() {
        return buffer;
    }

    /** True when the optimizer updates this slot: a parameter that is not frozen. */
    public boolean trainable() {
        return !buffer && !frozen;
    }

    public boolean frozen() {
        return frozen;
    }

    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
        syncGrad();
    }

    public NDArray array() {
        if (array == null) {
            throw new IllegalStateException("parameter not materialised yet: call Module.materialize first");
        }
        return array;
    }

    public boolean materialised() {
        return array != null;
    }

    /** Replaces the backing array; the old one is closed. */
    public void setArray(NDArray newArray) {
        if (array != null && array != newArray) {
            array.close();
        }
        array = newArray;
        syncGrad();
    }

    /**
     * Puts {@code standIn} in this slot without closing the array there, and returns that array.
     * A tracing exporter (graft-onnx) lends each slot a recording stand-in for one forward pass
     * and puts the original back the same way; nothing else should need it.
     */
    public NDArray exchange(NDArray standIn) {
        NDArray old = array();
        array = standIn;
        return old;
    }

    /**
     * The value a forward pass uses for input {@code x}: the array itself, or the array changed by
     * the {@link WeightUpdate} set on this slot (such as LoRA's low-rank update).
     */
    public NDArray value(NDArray x) {
        return update == null ? array() : update.apply(array(), x);
    }

    /** The change applied to this slot at every forward pass, or null. */
    public WeightUpdate update() {
        return update;
    }

    /** Sets (or with null removes) the change applied at every forward pass; the array is untouched. */
    public void setUpdate(WeightUpdate update) {
        this.update = update;
    }

    public long numel() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    private void syncGrad() {
        if (array != null && !buffer) {
            array.setRequiresGradient(!frozen);
        }
    }
}
