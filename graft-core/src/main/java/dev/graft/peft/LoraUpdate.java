package dev.graft.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.nn.Param;
import dev.graft.nn.WeightUpdate;

/**
 * LoRA's update of one weight: {@code W + scale·B·A}, with {@code A [r, in, (kh, kw)]} and
 * {@code B [out, r, (1, 1)]}. For a convolution this is the kernel of a k×k convolution in→r
 * followed by a 1×1 convolution r→out, summed into one kernel, so the forward pass runs a single
 * convolution and merging folds the update in exactly.
 */
public final class LoraUpdate implements WeightUpdate {
    private final Param weight;
    private final Param a;
    private final Param b;
    private final float scale;
    private final Shape weightShape;

    LoraUpdate(Param weight, Param a, Param b, float scale) {
        this.weight = weight;
        this.a = a;
        this.b = b;
        this.scale = scale;
        this.weightShape = weight.djlShape();
    }

    /** The weight this update changes. */
    Param weight() {
        return weight;
    }

    public float scale() {
        return scale;
    }

    public int rank() {
        return (int) a.shape()[0];
    }

    @Override
    public NDArray apply(NDArray weight, NDArray x) {
        return delta(x.getManager()).add(weight);
    }

    /** {@code scale·B·A} in the weight's shape, on {@code m}. */
    NDArray delta(NDManager m) {
        int r = rank();
        // views of the parameters are new arrays: put them on m so a step's sub-manager frees them
        NDArray bm = b.array().reshape(weightShape.get(0), r);
        bm.attach(m);
        NDArray am = a.array().reshape(r, -1);
        am.attach(m);
        // the scale as an array of m (see Layers.scalar): mul(Number) would free it before backward
        return bm.matMul(am).mul(m.create(scale)).reshape(weightShape);
    }
}
