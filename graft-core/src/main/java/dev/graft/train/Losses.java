package dev.graft.train;

import ai.djl.ndarray.NDArray;

/** Classification losses. */
public final class Losses {
    private Losses() {}

    /**
     * Mean softmax cross-entropy against targets smoothed by {@code smoothing}: the true class
     * gets {@code 1 - smoothing + smoothing/C}, every other class {@code smoothing/C}, as
     * PyTorch's {@code CrossEntropyLoss(label_smoothing=…)}.
     *
     * @param labels integer class ids, shape [N]
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels, float smoothing) {
        long classes = logits.getShape().get(1);
        NDArray target = labels.oneHot((int) classes).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        if (smoothing > 0) {
            target = target.mul(1 - smoothing).add(smoothing / classes);
        }
        return softCrossEntropy(logits, target);
    }

    /** Mean cross-entropy against a target distribution per row (soft labels, as mixup makes). */
    public static NDArray softCrossEntropy(NDArray logits, NDArray target) {
        NDArray logp = logits.logSoftmax(1);
        return target.mul(logp).sum(new int[] {1}).neg().mean();
    }
}
