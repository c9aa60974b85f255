package dev.graft.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * torchvision's {@code StochasticDepth(p, "row")}: during training each sample's residual branch
 * is dropped with probability {@code p} and the survivors are scaled by 1/(1-p); evaluation passes
 * the input through. It has no parameters, so it does not appear in state dicts.
 *
 * <p>Like a frozen BatchNorm, a frozen branch is left alone: {@link #forward(NDArray, Ctx, boolean)}
 * with {@code branchTrains} false passes the input through, so a frozen stage computes exactly
 * what it computes in evaluation.
 */
public final class StochasticDepth extends Module {
    private final float p;

    public StochasticDepth(float p) {
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("stochastic depth probability must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    public float probability() {
        return p;
    }

    @Override
    public NDArray forward(NDArray x, Ctx ctx) {
        return forward(x, ctx, true);
    }

    /** Drops rows of {@code x} when this is a training pass and the branch it scales is trainable. */
    public NDArray forward(NDArray x, Ctx ctx, boolean branchTrains) {
        if (!ctx.training() || !branchTrains || p == 0f) {
            return x;
        }
        float survival = 1f - p;
        long[] shape = new long[x.getShape().dimension()];
        java.util.Arrays.fill(shape, 1);
        shape[0] = x.getShape().get(0);
        NDArray keep = x.getManager().randomUniform(0f, 1f, new Shape(shape)).lt(survival).toType(DataType.FLOAT32, false);
        if (survival > 0f) {
            keep = keep.divi(survival);
        }
        return x.mul(keep);
    }
}
