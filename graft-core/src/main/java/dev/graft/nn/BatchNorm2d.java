package dev.graft.nn;

import ai.djl.ndarray.NDArray;

/**
 * PyTorch's {@code nn.BatchNorm2d}: {@code weight}, {@code bias}, {@code running_mean},
 * {@code running_var}, {@code num_batches_tracked}.
 *
 * <p>It normalises with batch statistics (and updates the running ones) only when the pass is a
 * training pass, the policy is {@link BnPolicy#TRAIN}, and this layer is not frozen. Everything
 * else uses the running statistics, so freezing a stage also freezes what it normalises with.
 */
public class BatchNorm2d extends Module {
    private final Param weight;
    private final Param bias;
    private final Param runningMean;
    private final Param runningVar;
    private final Param counter;
    private final float eps;
    private final float momentum;
    /** Set while a {@link BnFold} scope has folded this layer into the convolution before it. */
    volatile BnFold.Pair fold;

    /** BatchNorm with PyTorch's defaults: eps 1e-5, momentum 0.1. */
    public BatchNorm2d(int channels) {
        this(channels, 1e-5f, 0.1f);
    }

    public BatchNorm2d(int channels, float eps, float momentum) {
        this.weight = param("weight", Param.Kind.NORM_WEIGHT, channels);
        this.bias = param("bias", Param.Kind.NORM_BIAS, channels);
        this.runningMean = buffer("running_mean", Param.Kind.RUNNING_MEAN, channels);
        this.runningVar = buffer("running_var", Param.Kind.RUNNING_VAR, channels);
        this.counter = buffer("num_batches_tracked", Param.Kind.COUNTER);
        this.eps = eps;
        this.momentum = momentum;
    }

    /** Whether a pass with this context normalises with batch statistics. */
    public boolean usesBatchStats(Ctx ctx) {
        return ctx.training() && ctx.bnPolicy() == BnPolicy.TRAIN && weight.trainable();
    }

    @Override
    public NDArray forward(NDArray x, Ctx ctx) {
        BnFold.Pair f = fold;
        if (f != null && f.active(ctx)) {
            return x; // the convolution before this layer already applied it
        }
        BnFold.consumedBy(this, x);
        boolean batchStats = usesBatchStats(ctx);
        // DJL's momentum is the weight of the old value: PyTorch's 0.1 is DJL's 0.9. Axis -1 makes
        // DJL's PyTorch engine call batch_norm as it is (channels on dim 1); any other axis wraps it in
        // two transposes, so the output is a view, and the residual add done in place on it then
        // costs a copy of the whole activation in the backward pass.
        NDArray y = ai.djl.nn.norm.BatchNorm.batchNorm(x, runningMean.array(), runningVar.array(),
                weight.array(), bias.array(), -1, 1f - momentum, eps, batchStats).singletonOrThrow();
        if (batchStats) {
            counter.array().addi(1f);
        }
        return y;
    }

    public Param weight() {
        return weight;
    }

    public Param bias() {
        return bias;
    }

    NDArray runningMean() {
        return runningMean.array();
    }

    NDArray runningVar() {
        return runningVar.array();
    }

    public float eps() {
        return eps;
    }
}
