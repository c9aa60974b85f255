package dev.graft.nn;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;

/**
 * torchvision's {@code SqueezeExcitation}: global average, a 1×1 convolution {@code fc1} down to
 * the squeeze width, an activation, {@code fc2} back up, and a gate that scales the input's
 * channels. MobileNetV3 gates with hardsigmoid after ReLU, EfficientNet with sigmoid after SiLU.
 */
public final class SqueezeExcitation extends Module {
    private final Conv2d fc1;
    private final Conv2d fc2;
    private final UnaryOperator<NDArray> activation;
    private final UnaryOperator<NDArray> gate;

    public SqueezeExcitation(int channels, int squeeze, UnaryOperator<NDArray> activation,
            UnaryOperator<NDArray> gate) {
        this.fc1 = child("fc1", new Conv2d(channels, squeeze, 1, 1, 0, 1, 1, true).kaimingFanOut());
        this.fc2 = child("fc2", new Conv2d(squeeze, channels, 1, 1, 0, 1, 1, true).kaimingFanOut());
        this.activation = activation;
        this.gate = gate;
    }

    @Override
    public NDArray forward(NDArray x, Ctx ctx) {
        long[] sh = x.getShape().getShape();
        NDArray s = ai.djl.nn.pooling.Pool.globalAvgPool2d(x).reshape(sh[0], sh[1], 1, 1);
        s = gate.apply(fc2.forward(activation.apply(fc1.forward(s, ctx)), ctx));
        return s.mul(x);
    }
}
