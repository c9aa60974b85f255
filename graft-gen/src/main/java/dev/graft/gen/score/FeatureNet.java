package dev.graft.gen.score;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.graft.nn.BatchNorm2d;
import dev.graft.nn.Conv2d;
import dev.graft.nn.Ctx;
import dev.graft.nn.Layers;
import dev.graft.nn.Linear;
import dev.graft.nn.Module;

/**
 * The small Fashion-MNIST classifier whose features every generator measure uses, as Inception
 * features are used for FID on photographs. Three 3×3 convolutions with BatchNorm and ReLU
 * (28 → 14 → 7 pixels), global average pooling to 64 features, and a linear layer to the ten
 * classes. Input: one channel in [-1, 1], the generators' own range.
 *
 * <p>Names: {@code conv1}, {@code bn1}, {@code conv2}, {@code bn2}, {@code conv3}, {@code bn3}, {@code fc}.
 */
public final class FeatureNet extends Module {
    /** Size of the feature vector. */
    public static final int FEATURES = 64;
    /** Fashion-MNIST's ten classes. */
    public static final int CLASSES = 10;

    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Conv2d conv3;
    private final BatchNorm2d bn3;
    private final Linear fc;

    public FeatureNet() {
        conv1 = child("conv1", new Conv2d(1, 32, 3, 1, 1, 1, 1, false).kaimingFanOut());
        bn1 = child("bn1", new BatchNorm2d(32));
        conv2 = child("conv2", new Conv2d(32, 64, 3, 1, 1, 1, 1, false).kaimingFanOut());
        bn2 = child("bn2", new BatchNorm2d(64));
        conv3 = child("conv3", new Conv2d(64, FEATURES, 3, 1, 1, 1, 1, false).kaimingFanOut());
        bn3 = child("bn3", new BatchNorm2d(FEATURES));
        fc = child("fc", new Linear(FEATURES, CLASSES));
    }

    /** The pooled features [N, 64], the input of the classifier's linear layer. */
    public NDArray features(NDArray x, Ctx ctx) {
        NDArray h = Activation.relu(bn1.forward(conv1.forward(x, ctx), ctx));
        h = ai.djl.nn.pooling.Pool.maxPool2d(h, new ai.djl.ndarray.types.Shape(2, 2),
                new ai.djl.ndarray.types.Shape(2, 2), new ai.djl.ndarray.types.Shape(0, 0), false);
        h = Activation.relu(bn2.forward(conv2.forward(h, ctx), ctx));
        h = ai.djl.nn.pooling.Pool.maxPool2d(h, new ai.djl.ndarray.types.Shape(2, 2),
                new ai.djl.ndarray.types.Shape(2, 2), new ai.djl.ndarray.types.Shape(0, 0), false);
        h = Activation.relu(bn3.forward(conv3.forward(h, ctx), ctx));
        return Layers.globalAvgPool(h);
    }

    /** Class logits [N, 10]. */
    @Override
    public NDArray forward(NDArray x, Ctx ctx) {
        return fc.forward(features(x, ctx), ctx);
    }

    /** The classifier layer, applied to features. */
    public NDArray logits(NDArray features, Ctx ctx) {
        return fc.forward(features, ctx);
    }
}
