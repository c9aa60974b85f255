package dev.graft.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/** A 2-D convolution with PyTorch's {@code nn.Conv2d} parameters: {@code weight [out, in/groups, kh, kw]}, optional {@code bias}. */
public class Conv2d extends Module {
    private final Param weight;
    private final Param bias;
    private final Shape stride;
    private final Shape padding;
    private final Shape dilation;
    private final int groups;
    private boolean kaimingFanOut;
    /** The BatchNorm folded into this convolution while a {@link BnFold} scope is open, or null. */
    volatile BnFold.Pair fold;

    public Conv2d(int in, int out, int kernel, int stride, int padding, int dilation, int groups, boolean bias) {
        this(in, out, new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding},
                dilation, groups, bias);
    }

    public Conv2d(int in, int out, int[] kernel, int[] stride, int[] padding, int dilation, int groups, boolean bias) {
        this.weight = param("weight", Param.Kind.WEIGHT, out, in / groups, kernel[0], kernel[1]);
        this.bias = bias ? param("bias", Param.Kind.BIAS, out) : null;
        this.stride = new Shape(stride[0], stride[1]);
        this.padding = new Shape(padding[0], padding[1]);
        this.dilation = new Shape(dilation, dilation);
        this.groups = groups;
    }

    /** A convolution without bias, stride 1 and "same" padding for odd kernels. */
    public static Conv2d of(int in, int out, int kernel, int stride) {
        return new Conv2d(in, out, kernel, stride, kernel / 2, 1, 1, false);
    }

    /** Initialise with kaiming_normal_(fan_out, relu), torchvision's choice for CNN convolutions. */
    public Conv2d kaimingFanOut() {
        this.kaimingFanOut = true;
        return this;
    }

    public Param weight() {
        return weight;
    }

    public Param bias() {
        return bias;
    }

    public int groups() {
        return groups;
    }

    public Shape stride() {
        return stride;
    }

    public Shape padding() {
        return padding;
    }

    public Shape dilation() {
        return dilation;
    }

    @Override
    public NDArray forward(NDArray x, Ctx ctx) {
        NDArray in = ChannelsLast.enabled() ? ChannelsLast.of(x) : x;
        BnFold.Pair f = fold;
        NDArray y;
        if (f != null && f.active(ctx)) {
            y = ai.djl.nn.convolutional.Conv2d.conv2d(in, f.weight(), f.bias(), stride, padding, dilation, groups)
                    .singletonOrThrow();
        } else {
            y = ai.djl.nn.convolutional.Conv2d.conv2d(in, weight.value(in), bias == null ? null : bias.array(),
                    stride, padding, dilation, groups).singletonOrThrow();
            BnFold.producedBy(this, y);
        }
        if (in != x) {
            in.close(); // the channels-last copy: this layer made it and is done with it
        }
        return y;
    }

    @Override
    protected float[] initValues(String localName, Param p, SplittableRandom rng) {
        if (kaimingFanOut) {
            return p == weight ? Inits.kaimingNormalFanOut(p.shape(), rng) : Inits.constant((int) p.numel(), 0f);
        }
        return super.initValues(localName, p, rng);
    }
}
