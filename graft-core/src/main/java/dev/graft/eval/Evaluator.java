package dev.graft.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.data.Augment;
import dev.graft.data.BatchLoader;
import dev.graft.data.ImageSource;
import dev.graft.data.Preprocess;
import dev.graft.model.Network;
import dev.graft.nn.BnFold;
import dev.graft.nn.Ctx;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Runs a network in inference mode (BatchNorm folded into the convolutions, see {@link BnFold})
 * over images and collects the confusion matrix. With test-time
 * augmentation (TTA) each image's class probabilities are the mean over the image and its
 * left-right mirror.
 */
public final class Evaluator {
    private Evaluator() {}

    /** One prediction, kept for "worst predictions" views. */
    public record Prediction(int index, int truth, int predicted, float confidence, float truthProb) {}

    /** Evaluation plus every image's prediction. */
    public record Detailed(Evaluation evaluation, List<Prediction> predictions) {}

    public static Evaluation evaluate(Network net, ImageSource images, Preprocess p, int threads) {
        return evaluateDetailed(net, images, p, threads, false).evaluation();
    }

    /** @param tta average the probabilities of each image and its horizontal mirror */
    public static Evaluation evaluate(Network net, ImageSource images, Preprocess p, int threads, boolean tta) {
        return evaluateDetailed(net, images, p, threads, tta).evaluation();
    }

    public static Detailed evaluateDetailed(Network net, ImageSource images, Preprocess p, int threads) {
        return evaluateDetailed(net, images, p, threads, false);
    }

    /** @param tta average the probabilities of each image and its horizontal mirror */
    public static Detailed evaluateDetailed(Network net, ImageSource images, Preprocess p, int threads, boolean tta) {
        int k = images.labels().size();
        long[][] confusion = new long[k][k];
        List<Prediction> preds = new ArrayList<>();
        double lossSum = 0;
        NDManager parent = net.namedParams().values().iterator().next().array().getManager();
        try (BatchLoader loader = new BatchLoader(images, p, Augment.NONE, 64, threads);
                BnFold fold = BnFold.forInference(net)) {
            Iterator<BatchLoader.Batch> it = loader.sequential();
            while (it.hasNext()) {
                BatchLoader.Batch b = it.next();
                if (b.n() == 0) {
                    continue;
                }
                try (NDManager sm = parent.newSubManager()) {
                    NDArray x = sm.create(b.x(), new Shape(b.n(), 3, b.size(), b.size()));
                    fold.ensure(x);
                    NDArray probs = probabilities(net, x, tta);
                    float[] prob = probs.toFloatArray();
                    int c = (int) probs.getShape().get(1);
                    for (int i = 0; i < b.n(); i++) {
                        int best = 0;
                        for (int j = 1; j < c; j++) {
                            if (prob[i * c + j] > prob[i * c + best]) {
                                best = j;
                            }
                        }
                        int truth = b.labels()[i];
                        float pt = truth < c ? prob[i * c + truth] : 0f;
                        lossSum += -Math.log(Math.max(pt, 1e-12));
                        if (truth < k && best < k) {
                            confusion[truth][best]++;
                        }
                        preds.add(new Prediction(b.indices()[i], truth, best, prob[i * c + best], pt));
                    }
                }
            }
        }
        return new Detailed(new Evaluation(images.labels(), confusion, preds.isEmpty() ? Double.NaN
                : lossSum / preds.size()), preds);
    }

    /** Class probabilities of an NCHW batch in inference mode, optionally averaged with the mirrored batch. */
    public static NDArray probabilities(Network net, NDArray x, boolean tta) {
        NDArray probs = net.forward(x, Ctx.EVAL).softmax(1);
        if (!tta) {
            return probs;
        }
        return probs.add(net.forward(x.flip(3), Ctx.EVAL).softmax(1)).div(2);
    }
}
