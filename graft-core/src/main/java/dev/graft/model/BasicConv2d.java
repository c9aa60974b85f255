package dev.graft.model;

import ai.djl.ndarray.NDArray;
import dev.graft.nn.BatchNorm2d;
import dev.graft.nn.Conv2d;
import dev.graft.nn.Ctx;
import dev.graft.nn.Inits;
import dev.graft.nn.Intermediates;
import dev.graft.nn.Module;
import dev.graft.nn.Param;
import java.util.SplittableRandom;

/**
 * torchvision's {@code BasicConv2d} of GoogLeNet and Inception v3: {@code conv} (no bias), then
 * {@code bn} with eps 0.001 (the TensorFlow value the ported weights were trained with), then ReLU.
 */
final class BasicConv2d extends Module {
    private final Conv2d conv;
    private final BatchNorm2d bn;

    /** A square kernel with the given stride and padding; weights initialised N(0, initStd). */
    BasicConv2d(int in, int out, int kernel, int stride, int padding, double initStd) {
        this(in, out, new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding}, initStd);
    }

    /** A possibly non-square kernel (Inception's 1×7 and 7×1) with per-axis stride and padding. */
    BasicConv2d(int in, int out, int[] kernel, int[] stride, int[] padding, double initStd) {
        this.conv = child("conv", new Conv2d(in, out, kernel, stride, padding, 1, 1, false) {
            @Override
            protected float[] initValues(String localName, Param p, SplittableRandom rng) {
                // torchvision: trunc_normal_(std, a=-2, b=2), cut at ±2 absolute, far beyond these stds
                return Inits.normal(Math.toIntExact(p.numel()), initStd, rng);
            }
        });
        this.bn = child("bn", new BatchNorm2d(out, 0.001f, 0.1f));
    }

    @Override
    public NDArray forward(NDArray x, Ctx ctx) {
        return Intermediates.relu(Intermediates.through(conv.forward(x, ctx), bn, ctx));
    }
}
