package dev.graft.nn;

import java.util.function.IntFunction;

/**
 * torchvision's {@code Conv2dNormActivation}: a {@link Sequential} of a bias-free convolution
 * ({@code 0}) with "same" padding for odd kernels, a norm layer ({@code 1}) and, when given, an
 * activation ({@code 2}). Convolutions start from kaiming_normal_(fan_out), as torchvision's
 * MobileNets and EfficientNets initialise them.
 */
public final class ConvNormAct {
    private ConvNormAct() {}

    /**
     * One convolution-norm-activation block.
     *
     * @param norm builds the norm layer for a channel count
     * @param activation the activation module, or null for none (the Sequential then has two children)
     */
    public static Sequential of(int in, int out, int kernel, int stride, int groups, IntFunction<Module> norm,
            Module activation) {
        Sequential s = new Sequential(new Conv2d(in, out, kernel, stride, (kernel - 1) / 2, 1, groups, false)
                .kaimingFanOut(), norm.apply(out));
        if (activation != null) {
            s.add(activation);
        }
        return s;
    }
}
