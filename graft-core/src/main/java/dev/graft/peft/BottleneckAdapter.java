package dev.graft.peft;

import ai.djl.ndarray.NDArray;
import dev.graft.nn.Conv2d;
import dev.graft.nn.Ctx;
import dev.graft.nn.Inits;
import dev.graft.nn.Module;
import dev.graft.nn.Param;
import java.util.SplittableRandom;

/**
 * Houlsby's adapter for feature maps: {@code x + up(relu(down(x)))} with 1×1 convolutions
 * {@code down} (C→D) and {@code up} (D→C). {@code up} starts at zero, so a network with adapters
 * inserted computes exactly what it computed without them until training moves it.
 */
public final class BottleneckAdapter extends Module {
    private final Conv2d down;
    private final Conv2d up;

    public BottleneckAdapter(int channels, int bottleneck) {
        this.down = child("down", new Conv2d(channels, bottleneck, 1, 1, 0, 1, 1, true));
        this.up = child("up", new ZeroConv(bottleneck, channels));
    }

    @Override
    public NDArray forward(NDArray x, Ctx ctx) {
        NDArray h = ai.djl.nn.Activation.relu(down.forward(x, ctx));
        return up.forward(h, ctx).add(x);
    }

    /** A 1×1 convolution whose weight and bias start at zero. */
    private static final class ZeroConv extends Conv2d {
        ZeroConv(int in, int out) {
            super(in, out, 1, 1, 0, 1, 1, true);
        }

        @Override
        protected float[] initValues(String localName, Param p, SplittableRandom rng) {
            return Inits.constant((int) p.numel(), 0f);
        }
    }
}
