package dev.graft.gen.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.graft.nn.BatchNorm2d;
import dev.graft.nn.Conv2d;
import dev.graft.nn.Ctx;
import dev.graft.nn.Linear;
import dev.graft.nn.Module;
import java.util.List;

/**
 * DCGAN's discriminator for 28×28 images: three stride-2 convolutions (28 → 14 → 7 → 4) with
 * LeakyReLU 0.2 and BatchNorm after all but the first, then a linear layer to one logit.
 *
 * <p>Names: {@code conv1}, {@code conv2}, {@code bn2}, {@code conv3}, {@code bn3}, {@code fc}.
 */
public final class GanDiscriminator extends Module {
    private final Conv2d conv1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Conv2d conv3;
    private final BatchNorm2d bn3;
    private final Linear fc;

    public GanDiscriminator(GanConfig c) {
        int w = c.width();
        conv1 = child("conv1", new Conv2d(1, w / 2, 4, 2, 1, 1, 1, true));
        conv2 = child("conv2", new Conv2d(w / 2, w, 4, 2, 1, 1, 1, false));
        bn2 = child("bn2", new BatchNorm2d(w));
        conv3 = child("conv3", new Conv2d(w, 2 * w, 3, 2, 1, 1, 1, false));
        bn3 = child("bn3", new BatchNorm2d(2 * w));
        fc = child("fc", new Linear(2 * w * 4 * 4, 1));
    }

    /** One real-vs-fake logit per image [N]. */
    @Override
    public NDArray forward(NDArray x, Ctx ctx) {
        NDArray h = Activation.leakyRelu(conv1.forward(x, ctx), 0.2f);
        h = Activation.leakyRelu(bn2.forward(conv2.forward(h, ctx), ctx), 0.2f);
        h = Activation.leakyRelu(bn3.forward(conv3.forward(h, ctx), ctx), 0.2f);
        return fc.forward(h.reshape(h.getShape().get(0), -1), ctx).reshape(-1);
    }

    /** Module path prefixes from the image input to the logit; FreezeD freezes the first K. */
    public List<List<String>> stages() {
        return List.of(List.of("conv1."), List.of("conv2.", "bn2."), List.of("conv3.", "bn3."), List.of("fc."));
    }
}
