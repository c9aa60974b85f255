package dev.graft.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * torchvision's {@code StochasticDepth(p, "row")}: during training each sample's residual branch
 * is dropped with probability {@code p} and the survivors are scaled by 1/(1-p); evaluation passes
 * the input through. It has no parameters, so it does not appear in state dicts.
 *
 * <p>Like a frozen BatchNorm, a frozen branch is left alone: {@link #forward(NDArray, Ctx, boolean)}
 * with {@code branchTrains} false passes the input through, so a frozen stage computes exactly
 * what it computes in evaluation.
 *
 * <p>Networks set one rate for the deepest block; a block at relative depth d (0 at the bottom,
 * 1 at the top) then drops with probability rate·d, the linear rule torchvision and timm use.
 */
public final class StochasticDepth extends Module {
    private final float depth;
    private float p;

    /** A fixed drop probability {@code p}, whatever rate the network is given. */
    public StochasticDepth(float p) {
        this.depth = -1f;
        setProbability(p);
    }

    private StochasticDepth(float depth, float rate) {
        this.depth = depth;
        setRate(rate);
    }

    /** A block at relative depth {@code depth} in [0, 1], starting at {@code rate}·depth. */
    public static StochasticDepth atDepth(float depth, float rate) {
        if (depth < 0 || depth > 1) {
            throw new IllegalArgumentException("relative depth must be in [0, 1], got " + depth);
        }
        return new StochasticDepth(depth, rate);
    }

    /** Sets the network-wide rate: this block drops with probability rate·depth. */
    public void setRate(float rate) {
        if (depth >= 0) {
            setProbability(rate * depth);
        }
    }

    /** Sets the network-wide rate on every block. */
    public static void setRate(Iterable<StochasticDepth> blocks, float rate) {
        for (StochasticDepth b : blocks) {
            b.setRate(rate);
        }
    }

    public float probability() {
        return p;
    }

    /** Changes the drop probability of this block alone. */
    public void setProbability(float p) {
        if (p < 0 || p > 1) {
            throw new IllegalArgumentException("stochastic depth probability must be in [0, 1], got " + p);
        }
        this.p = p;
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
        Arrays.fill(shape, 1);
        shape[0] = x.getShape().get(0);
        NDArray keep = x.getManager().randomUniform(0f, 1f, new Shape(shape)).lt(survival).toType(DataType.FLOAT32, false);
        if (survival > 0f) {
            keep = keep.divi(survival);
        }
        return x.mul(keep);
    }
}
