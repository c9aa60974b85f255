package dev.graft.nn;

import ai.djl.ndarray.NDArray;

/**
 * The activations of the modern backbones, with PyTorch's exact definitions. Each is a function on
 * arrays (computed from the input, so results live in the input's manager) and a parameter-free
 * module, so that {@link Sequential} indices line up with PyTorch's.
 */
public final class Activations {
    private Activations() {}

    /** GELU in its exact form, x·Φ(x) with the erf, as {@code nn.GELU()} (not the tanh approximation). */
    public static NDArray gelu(NDArray x) {
        // libtorch's gelu defaults to approximate='none', the erf form
        return ai.djl.nn.Activation.gelu(x);
    }

    /** SiLU (swish with beta 1): x·sigmoid(x). */
    public static NDArray silu(NDArray x) {
        return x.mul(ai.djl.nn.Activation.sigmoid(x));
    }

    /** ReLU6: min(max(x, 0), 6). */
    public static NDArray relu6(NDArray x) {
        return x.clip(0f, 6f);
    }

    /** Hardsigmoid: relu6(x + 3) / 6. */
    public static NDArray hardsigmoid(NDArray x) {
        return x.add(3f).clip(0f, 6f).div(Layers.scalar(x, 6f));
    }

    /** Hardswish: x·relu6(x + 3) / 6. */
    public static NDArray hardswish(NDArray x) {
        return x.add(3f).clip(0f, 6f).div(Layers.scalar(x, 6f)).mul(x);
    }

    /** Logistic sigmoid. */
    public static NDArray sigmoid(NDArray x) {
        return ai.djl.nn.Activation.sigmoid(x);
    }

    public static Module geluModule() {
        return new Layers.Op("GELU", (x, c) -> gelu(x));
    }

    public static Module siluModule() {
        return new Layers.Op("SiLU", (x, c) -> silu(x));
    }

    public static Module relu6Module() {
        return new Layers.Op("ReLU6", (x, c) -> relu6(x));
    }

    public static Module hardswishModule() {
        return new Layers.Op("Hardswish", (x, c) -> hardswish(x));
    }
}
