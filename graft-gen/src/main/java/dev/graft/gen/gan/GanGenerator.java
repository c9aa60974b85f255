package dev.graft.gen.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.graft.gen.Ops;
import dev.graft.nn.BatchNorm2d;
import dev.graft.nn.Conv2d;
import dev.graft.nn.Ctx;
import dev.graft.nn.Linear;
import dev.graft.nn.Module;
import java.util.List;

/**
 * DCGAN's generator for 28×28 images: noise → linear to 7×7 → two blocks of ×2 nearest
 * upsampling, 3×3 convolution, BatchNorm and ReLU → a 3×3 convolution and tanh. Upsampling plus
 * convolution replaces DCGAN's transposed convolutions, which leave checkerboard artefacts.
 *
 * <p>Names: {@code fc}, {@code bn0}, {@code up1.conv}, {@code up1.bn}, {@code up2.conv},
 * {@code up2.bn}, {@code conv_out}.
 */
public final class GanGenerator extends Module {
    private final GanConfig config;
    private final Linear fc;
    private final BatchNorm2d bn0;
    private final Block up1;
    private final Block up2;
    private final Conv2d convOut;

    /** Upsample, convolve, normalise, ReLU. */
    private static final class Block extends Module {
        private final Conv2d conv;
        private final BatchNorm2d bn;

        Block(int in, int out) {
            conv = child("conv", new Conv2d(in, out, 3, 1, 1, 1, 1, false));
            bn = child("bn", new BatchNorm2d(out));
        }

        @Override
        public NDArray forward(NDArray x, Ctx ctx) {
            return Activation.relu(bn.forward(conv.forward(Ops.upsample2(x), ctx), ctx));
        }
    }

    public GanGenerator(GanConfig c) {
        this.config = c;
        fc = child("fc", new Linear(c.latent(), 2 * c.width() * 7 * 7));
        bn0 = child("bn0", new BatchNorm2d(2 * c.width()));
        up1 = child("up1", new Block(2 * c.width(), c.width()));
        up2 = child("up2", new Block(c.width(), c.width() / 2));
        convOut = child("conv_out", new Conv2d(c.width() / 2, 1, 3, 1, 1, 1, 1, true));
    }

    /** Maps noise [N, latent] to images [N, 1, 28, 28] in (-1, 1). */
    @Override
    public NDArray forward(NDArray z, Ctx ctx) {
        NDArray h = fc.forward(z, ctx).reshape(z.getShape().get(0), 2L * config.width(), 7, 7);
        h = Activation.relu(bn0.forward(h, ctx));
        h = up2.forward(up1.forward(h, ctx), ctx);
        return Activation.tanh(convOut.forward(h, ctx));
    }

    /** Module path prefixes from the noise input to the image output. */
    public List<List<String>> stages() {
        return List.of(List.of("fc.", "bn0."), List.of("up1."), List.of("up2."), List.of("conv_out."));
    }
}
