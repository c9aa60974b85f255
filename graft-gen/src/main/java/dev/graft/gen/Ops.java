package dev.graft.gen;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.graft.nn.Layers;
import dev.graft.nn.Module;

/** Parameter-free operations the generators share; each result attaches to its input's manager. */
public final class Ops {
    private Ops() {}

    /** SiLU (swish): {@code x · sigmoid(x)}. */
    public static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    /** SiLU as a module, so it takes a slot in a {@code Sequential} as in PyTorch. */
    public static Module siluModule() {
        return new Layers.Op("SiLU", (x, c) -> silu(x));
    }

    /** Nearest-neighbour upsampling by 2, as {@code F.interpolate(x, scale_factor=2)}. */
    public static NDArray upsample2(NDArray x) {
        long[] s = x.getShape().getShape();
        return x.reshape(s[0], s[1], s[2], 1, s[3], 1)
                .broadcast(s[0], s[1], s[2], 2, s[3], 2)
                .reshape(s[0], s[1], s[2] * 2, s[3] * 2);
    }
}
