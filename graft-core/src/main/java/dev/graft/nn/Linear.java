package dev.graft.nn;

import ai.djl.ndarray.NDArray;

/** PyTorch's {@code nn.Linear}: {@code weight [out, in]}, optional {@code bias [out]}. */
public class Linear extends Module {
    private final Param weight;
    private final Param bias;
    private final int in;
    private final int out;

    public Linear(int in, int out) {
        this(in, out, true);
    }

    public Linear(int in, int out, boolean bias) {
        this.in = in;
        this.out = out;
        this.weight = param("weight", Param.Kind.WEIGHT, out, in);
        this.bias = bias ? param("bias", Param.Kind.BIAS, out) : null;
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    public Param weight() {
        return weight;
    }

    public Param bias() {
        return bias;
    }

    @Override
    public NDArray forward(NDArray x, Ctx ctx) {
        return ai.djl.nn.core.Linear.linear(x, weight.value(x), bias == null ? null : bias.array())
                .singletonOrThrow();
    }
}
