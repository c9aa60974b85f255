package dev.graft.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

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
        return softCrossEntropy(logits, smooth(oneHot(logits, labels), smoothing));
    }

    /** Mean cross-entropy against a target distribution per row (soft labels, as mixup makes). */
    public static NDArray softCrossEntropy(NDArray logits, NDArray target) {
        NDArray logp = logits.logSoftmax(1);
        return target.mul(logp).sum(new int[] {1}).neg().mean();
    }

    /**
     * Class-weighted cross-entropy, as PyTorch's {@code CrossEntropyLoss(weight=w,
     * label_smoothing=s)} with class-index targets: each class's term is scaled by its weight, and
     * the mean divides by the summed weight of the true classes.
     */
    public static NDArray weightedCrossEntropy(NDArray logits, NDArray labels, float smoothing, NDArray weights) {
        NDArray target = smooth(oneHot(logits, labels), smoothing);
        NDArray perRow = target.mul(weights).mul(logits.logSoftmax(1)).sum(new int[] {1}).neg();
        NDArray trueWeight = oneHot(logits, labels).mul(weights).sum();
        return perRow.sum().div(trueWeight);
    }

    /**
     * Class-weighted cross-entropy against soft targets, as PyTorch's {@code CrossEntropyLoss(weight=w)}
     * with probability targets: each class's term scaled by its weight, then the plain mean over rows.
     */
    public static NDArray weightedSoftCrossEntropy(NDArray logits, NDArray target, NDArray weights) {
        return target.mul(weights).mul(logits.logSoftmax(1)).sum(new int[] {1}).neg().mean();
    }

    /**
     * The training loss of one batch under a configuration: its soft targets when it has them
     * (mixup, cutmix), else its labels; label smoothing on top; class weights when configured.
     */
    public static NDArray forBatch(NDArray logits, TensorBatch b, TrainConfig c) {
        NDManager m = logits.getManager();
        int classes = (int) logits.getShape().get(1);
        List<Float> cw = c.classWeights();
        NDArray weights = null;
        if (!cw.isEmpty()) {
            if (cw.size() != classes) {
                throw new IllegalArgumentException("class weights have " + cw.size() + " entries for " + classes
                        + " classes");
            }
            float[] w = new float[classes];
            for (int i = 0; i < classes; i++) {
                w[i] = cw.get(i);
            }
            weights = m.create(w, new Shape(1, classes));
        }
        if (b.soft()) {
            NDArray target = smooth(m.create(b.targets(), new Shape(b.size(), classes)), c.labelSmoothing());
            return weights == null ? softCrossEntropy(logits, target) : weightedSoftCrossEntropy(logits, target, weights);
        }
        NDArray y = m.create(Trainer.toLong(b.labels()));
        return weights == null ? crossEntropy(logits, y, c.labelSmoothing())
                : weightedCrossEntropy(logits, y, c.labelSmoothing(), weights);
    }

    private static NDArray oneHot(NDArray logits, NDArray labels) {
        return labels.oneHot((int) logits.getShape().get(1)).toType(DataType.FLOAT32, false);
    }

    private static NDArray smooth(NDArray target, float smoothing) {
        if (smoothing <= 0) {
            return target;
        }
        long classes = target.getShape().get(1);
        return target.mul(1 - smoothing).add(smoothing / classes);
    }
}
