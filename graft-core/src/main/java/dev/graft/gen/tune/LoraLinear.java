package dev.graft.gen.tune;

import ai.djl.ndarray.NDArray;
import dev.graft.nn.Ctx;
import dev.graft.nn.Linear;
import dev.graft.nn.Param;
import java.util.SplittableRandom;

/**
 * A linear layer that can carry a LoRA adapter: {@code y = Wx + b + (alpha/r) · B(Ax)} with
 * {@code A = lora_down [r, in]} and {@code B = lora_up [out, r]} starting at zero. Without an
 * adapter it is exactly {@link Linear}, with the same names.
 */
public final class LoraLinear extends Linear {
    private Linear down;
    private Linear up;
    private float scale;

    public LoraLinear(int in, int out) {
        super(in, out, true);
    }

    /** Adds an adapter of rank {@code rank}; call {@code materialize} on the model afterwards. */
    public void addLora(int rank, float alpha) {
        if (down != null) {
            throw new IllegalStateException("this layer already has a LoRA adapter");
        }
        down = child("lora_down", new Linear(in(), rank, false));
        up = child("lora_up", new ZeroLinear(rank, out()));
        scale = alpha / rank;
    }

    public boolean hasLora() {
        return down != null;
    }

    @Override
    public NDArray forward(NDArray x, Ctx ctx) {
        NDArray y = super.forward(x, ctx);
        if (down == null) {
            return y;
        }
        return y.add(up.forward(down.forward(x, ctx), ctx).mul(scale));
    }

    /** The base weight with the adapter folded in: {@code W + (alpha/r) · B A}. */
    public float[] mergedWeight() {
        NDArray w = weight().array();
        if (down == null) {
            return w.toFloatArray();
        }
        try (NDArray delta = up.weight().array().matMul(down.weight().array()).mul(scale);
                NDArray merged = w.add(delta)) {
            return merged.toFloatArray();
        }
    }

    /** A linear layer without bias that starts at zero. */
    private static final class ZeroLinear extends Linear {
        ZeroLinear(int in, int out) {
            super(in, out, false);
        }

        @Override
        protected float[] initValues(String localName, Param p, SplittableRandom rng) {
            return new float[Math.toIntExact(p.numel())];
        }
    }
}
