package dev.graft.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Layer normalisation, as PyTorch's {@code nn.LayerNorm} and torchvision's ConvNeXt {@code LayerNorm2d}. */
public final class Norms {
    private Norms() {}

    /**
     * {@code nn.LayerNorm(C)}: normalises the last dimension, with {@code weight} and {@code bias}
     * of shape [C]. Unlike BatchNorm it has no running statistics, so training and evaluation
     * compute the same function.
     */
    public static class LayerNorm extends Module {
        private final Param weight;
        private final Param bias;
        private final Shape normalized;
        private final float eps;

        public LayerNorm(int channels, float eps) {
            this.weight = param("weight", Param.Kind.NORM_WEIGHT, channels);
            this.bias = param("bias", Param.Kind.NORM_BIAS, channels);
            this.normalized = new Shape(channels);
            this.eps = eps;
        }

        public float eps() {
            return eps;
        }

        @Override
        public NDArray forward(NDArray x, Ctx ctx) {
            return ai.djl.nn.norm.LayerNorm.layerNorm(x, normalized, weight.array(), bias.array(), eps)
                    .singletonOrThrow();
        }
    }

    /**
     * torchvision's {@code LayerNorm2d}: a LayerNorm over the channels of an [N, C, H, W] tensor,
     * computed channels-last and permuted back, as ConvNeXt uses it.
     */
    public static final class LayerNorm2d extends LayerNorm {
        public LayerNorm2d(int channels, float eps) {
            super(channels, eps);
        }

        @Override
        public NDArray forward(NDArray x, Ctx ctx) {
            return super.forward(x.transpose(0, 2, 3, 1), ctx).transpose(0, 3, 1, 2);
        }
    }
}
