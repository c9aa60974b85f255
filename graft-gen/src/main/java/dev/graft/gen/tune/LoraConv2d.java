package dev.graft.gen.tune;

import ai.djl.ndarray.NDArray;
import dev.graft.nn.Conv2d;
import dev.graft.nn.Ctx;
import dev.graft.nn.Param;
import java.util.SplittableRandom;

/**
 * A convolution that can carry a LoRA adapter: {@code y = conv(x) + (alpha/r) · up(down(x))},
 * where {@code down} is a k×k convolution to r channels (same stride and padding as the base) and
 * {@code up} a 1×1 convolution back, initialised to zero so that adding an adapter changes
 * nothing until it trains. Without an adapter it is exactly {@link Conv2d}, with the same names;
 * the adapter adds {@code lora_down.weight} and {@code lora_up.weight} below it.
 */
public final class LoraConv2d extends Conv2d {
    private final int in;
    private final int out;
    private final int kernel;
    private Adapter adapter;

    /** A convolution with square kernel, groups 1 and dilation 1. */
    public LoraConv2d(int in, int out, int kernel, int stride, int padding, boolean bias) {
        super(in, out, kernel, stride, padding, 1, 1, bias);
        this.in = in;
        this.out = out;
        this.kernel = kernel;
    }

    /** Adds an adapter of rank {@code rank}; call {@code materialize} on the model afterwards. */
    public void addLora(int rank, float alpha) {
        Adapter.checkNone(adapter);
        int stride = (int) stride().get(0);
        int pad = (int) padding().get(0);
        adapter = new Adapter(child("lora_down", new Conv2d(in, rank, kernel, stride, pad, 1, 1, false)),
                child("lora_up", new ZeroConv(rank, out)), rank, alpha);
    }

    public boolean hasLora() {
        return adapter != null;
    }

    @Override
    public NDArray forward(NDArray x, Ctx ctx) {
        NDArray y = super.forward(x, ctx);
        return adapter == null ? y : adapter.add(y, x, ctx);
    }

    /**
     * The base weight with the adapter folded in: {@code W + (alpha/r) · up ⊗ down}, exact because
     * a 1×1 convolution after a k×k one is a k×k convolution.
     */
    public float[] mergedWeight() {
        NDArray w = weight().array();
        if (adapter == null) {
            return w.toFloatArray();
        }
        Conv2d down = (Conv2d) adapter.down;
        long rank = down.weight().shape()[0];
        NDArray u = ((Conv2d) adapter.up).weight().array().reshape(out, rank);
        NDArray d = down.weight().array().reshape(rank, (long) in * kernel * kernel);
        try (NDArray delta = u.matMul(d).reshape(w.getShape()).mul(adapter.scale); NDArray merged = w.add(delta)) {
            return merged.toFloatArray();
        }
    }

    /** A 1×1 convolution without bias that starts at zero. */
    private static final class ZeroConv extends Conv2d {
        ZeroConv(int in, int out) {
            super(in, out, 1, 1, 0, 1, 1, false);
        }

        @Override
        protected float[] initValues(String localName, Param p, SplittableRandom rng) {
            return Adapter.zeros(p);
        }
    }
}
