package dev.graft.gen.tune;

import ai.djl.ndarray.NDArray;
import dev.graft.nn.Ctx;
import dev.graft.nn.Module;
import dev.graft.nn.Param;

/**
 * A LoRA adapter's two factors and its scale: {@code (alpha/r) · up(down(x))}. The host layer
 * registers both as its children {@code lora_down} and {@code lora_up}; {@code up} starts at zero.
 */
final class Adapter {
    final Module down;
    final Module up;
    final float scale;

    Adapter(Module down, Module up, int rank, float alpha) {
        this.down = down;
        this.up = up;
        this.scale = alpha / rank;
    }

    /** The host's output plus the adapter's contribution. */
    NDArray add(NDArray y, NDArray x, Ctx ctx) {
        return y.add(up.forward(down.forward(x, ctx), ctx).mul(scale));
    }

    /** Zero initial values, for {@code up}. */
    static float[] zeros(Param p) {
        return new float[Math.toIntExact(p.numel())];
    }

    /** Throws unless the host has no adapter yet. */
    static void checkNone(Adapter a) {
        if (a != null) {
            throw new IllegalStateException("this layer already has a LoRA adapter");
        }
    }
}
