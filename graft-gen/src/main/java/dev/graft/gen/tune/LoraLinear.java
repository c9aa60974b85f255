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
    private Adapter adapter;

    public LoraLinear(int in, int out) {
        super(in, out, true);
    }

    /** Adds an adapter of rank {@code rank}; call {@code materialize} on the model afterwards. */
    public void addLora(int rank, float alpha) {
        Adapter.checkNone(adapter);
        adapter = new Adapter(child("lora_down", new Linear(in(), rank, false)),
                child("lora_up", new ZeroLinear(rank, out())), rank, alpha);
    }

    public boolean hasLora() {
        return adapter != null;
    }

    @Override
    public NDArray forward(NDArray x, Ctx ctx) {
        NDArray y = super.forward(x, ctx);
        return adapter == null ? y : adapter.add(y, x, ctx);
    }

    /** The base weight with the adapter folded in: {@code W + (alpha/r) · B A}. */
    public float[] mergedWeight() {
        NDArray w = weight().array();
        if (adapter == null) {
            return w.toFloatArray();
        }
        try (NDArray delta = ((Linear) adapter.up).weight().array().matMul(((Linear) adapter.down).weight().array())
                .mul(adapter.scale);
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
            return Adapter.zeros(p);
        }
    }
}
