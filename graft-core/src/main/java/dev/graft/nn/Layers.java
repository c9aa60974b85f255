package dev.graft.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * Parameter-free layers. They are modules only so that {@link Sequential} indices line up with
 * PyTorch's, where {@code ReLU} and {@code Dropout} take a slot too.
 */
public final class Layers {
    private Layers() {}

    /** A parameter-free operation. */
    public static final class Op extends Module {
        private final java.util.function.BiFunction<NDArray, Ctx, NDArray> fn;
        private final String name;

        public Op(String name, java.util.function.BiFunction<NDArray, Ctx, NDArray> fn) {
            this.name = name;
            this.fn = fn;
        }

        @Override
        public NDArray forward(NDArray x, Ctx ctx) {
            return fn.apply(x, ctx);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static Module relu() {
        return new Op("ReLU", (x, c) -> ai.djl.nn.Activation.relu(x));
    }

    public static Module identity() {
        return new Op("Identity", (x, c) -> x);
    }

    public static Module flatten() {
        return new Op("Flatten", (x, c) -> x.reshape(x.getShape().get(0), -1));
    }

    /** Dropout that is active only in training passes; p = 0 is the identity. */
    public static Module dropout(float p) {
        return new Op("Dropout(" + p + ")", (x, c) -> dropout(x, p, c));
    }

    public static NDArray dropout(NDArray x, float p, Ctx c) {
        return p > 0 && c.training() ? ai.djl.nn.norm.Dropout.dropout(x, p, true).singletonOrThrow() : x;
    }

    /**
     * Stochastic depth on a residual branch: in training passes, each sample's {@code x} is zeroed
     * with probability {@code p} and the survivors scaled by {@code 1/(1-p)}, as timm's
     * {@code drop_path}; otherwise (and for p = 0) the identity. Draws from libtorch's seeded generator.
     */
    public static NDArray dropPath(NDArray x, float p, Ctx c) {
        if (p <= 0 || !c.training()) {
            return x;
        }
        long[] shape = new long[x.getShape().dimension()];
        java.util.Arrays.fill(shape, 1);
        shape[0] = x.getShape().get(0);
        float keep = 1 - p;
        NDArray mask = x.getManager().randomUniform(0f, 1f, new Shape(shape)).lt(keep)
                .toType(ai.djl.ndarray.types.DataType.FLOAT32, false).div(keep);
        return x.mul(mask);
    }

    public static Module maxPool(int kernel, int stride, int padding, boolean ceil) {
        Shape k = new Shape(kernel, kernel);
        Shape s = new Shape(stride, stride);
        Shape p = new Shape(padding, padding);
        return new Op("MaxPool2d", (x, c) -> Pool.maxPool2d(x, k, s, p, ceil));
    }

    /** Global average pooling to [N, C]. */
    public static NDArray globalAvgPool(NDArray x) {
        long[] sh = x.getShape().getShape();
        return Pool.globalAvgPool2d(x).reshape(sh[0], sh[1]);
    }

    /** Global average pooling to [N, C, 1, 1], as {@code AdaptiveAvgPool2d(1)}. */
    public static Module globalAvgPool() {
        return new Op("AdaptiveAvgPool2d(1)", (x, c) -> {
            long[] sh = x.getShape().getShape();
            return Pool.globalAvgPool2d(x).reshape(sh[0], sh[1], 1, 1);
        });
    }

    /**
     * A constant operand for an op that autograd differentiates, as an array of {@code x}'s
     * manager. DJL's {@code mul(Number)} and {@code div(Number)} create their scalar and free it
     * at once, but backward still reads it, so a garbage collection in between corrupts the
     * gradient; this one lives until the step's manager closes.
     */
    public static NDArray scalar(NDArray x, float value) {
        return x.getManager().create(value);
    }
}
