package dev.graft.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * PyTorch's {@code nn.GroupNorm}: channels split into groups, each normalised over its channels
 * and all positions of one sample, then scaled and shifted per channel ({@code weight},
 * {@code bias}). Unlike BatchNorm it has no running statistics, so training and sampling compute
 * the same thing whatever the batch size, which is why diffusion UNets use it.
 */
public class GroupNorm extends Module {
    private final Param weight;
    private final Param bias;
    private final int groups;
    private final int channels;
    private final float eps;

    /** GroupNorm with PyTorch's default eps 1e-5. */
    public GroupNorm(int groups, int channels) {
        this(groups, channels, 1e-5f);
    }

    public GroupNorm(int groups, int channels, float eps) {
        if (groups < 1 || channels % groups != 0) {
            throw new IllegalArgumentException(channels + " channels do not split into " + groups + " groups");
        }
        this.groups = groups;
        this.channels = channels;
        this.eps = eps;
        this.weight = param("weight", Param.Kind.NORM_WEIGHT, channels);
        this.bias = param("bias", Param.Kind.NORM_BIAS, channels);
    }

    public int groups() {
        return groups;
    }

    public Param weight() {
        return weight;
    }

    public Param bias() {
        return bias;
    }

    @Override
    public NDArray forward(NDArray x, Ctx ctx) {
        long[] sh = x.getShape().getShape();
        if (sh[1] != channels) {
            throw new IllegalArgumentException("GroupNorm expects " + channels + " channels, got " + sh[1]);
        }
        // libtorch's fused batch-norm kernel over [1, N·G, rest] normalises each (sample, group)
        // with its own statistics: group norm without the affine part, about 4x faster on CPU
        // than composing mean and variance from elementwise ops
        NDManager m = x.getManager();
        Shape rows = new Shape(sh[0] * groups);
        NDArray g = x.reshape(1, sh[0] * groups, -1);
        NDArray norm = ai.djl.nn.norm.BatchNorm.batchNorm(g, m.zeros(rows), m.ones(rows), m.ones(rows),
                m.zeros(rows), 1, 0.9f, eps, true).singletonOrThrow().reshape(x.getShape());
        long[] perChannel = new long[sh.length];
        java.util.Arrays.fill(perChannel, 1);
        perChannel[1] = channels;
        return norm.mul(weight.array().reshape(perChannel)).add(bias.array().reshape(perChannel));
    }
}
