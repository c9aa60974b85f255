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
        return detailed(outputs(net, images, p, threads, tta), 1.0);
    }

    /**
     * Scores from outputs already computed, with probabilities {@code softmax(logits / temperature)}
     * (temperature 1: the network as trained; a fitted temperature changes the loss and the
     * probabilities, not which class wins).
     */
    public static Detailed detailed(Outputs o, double temperature) {
        int k = o.labels().size();
        long[][] confusion = new long[k][k];
        List<Prediction> preds = new ArrayList<>();
        double lossSum = 0;
        float[][] prob = o.probabilities(temperature);
        for (int i = 0; i < o.size(); i++) {
            float[] pi = prob[i];
            int best = Outputs.argmax(pi);
            int truth = o.truth()[i];
            float pt = truth < pi.length ? pi[truth] : 0f;
            lossSum += -Math.log(Math.max(pt, 1e-12));
            if (truth < k && best < k) {
                confusion[truth][best]++;
            }
            preds.add(new Prediction(o.indices()[i], truth, best, pi[best], pt));
        }
        return new Detailed(new Evaluation(o.labels(), confusion, preds.isEmpty() ? Double.NaN
                : lossSum / preds.size()), preds);
    }

    /**
     * The network's class scores for every image, in inference mode, with the scores of each
     * image's mirror when {@code tta} is on.
     */
    public static Outputs outputs(Network net, ImageSource images, Preprocess p, int threads, boolean tta) {
        List<float[]> logits = new ArrayList<>();
        List<float[]> mirrored = tta ? new ArrayList<>() : null;
        List<Integer> truth = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
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
                    rows(net.forward(x, Ctx.EVAL), logits);
                    if (tta) {
                        rows(net.forward(x.flip(3), Ctx.EVAL), mirrored);
                    }
                    for (int i = 0; i < b.n(); i++) {
                        truth.add(b.labels()[i]);
                        indices.add(b.indices()[i]);
                    }
                }
            }
        }
        return new Outputs(images.labels(), logits.toArray(new float[0][]),
                tta ? mirrored.toArray(new float[0][]) : null, truth.stream().mapToInt(Integer::intValue).toArray(),
                indices.stream().mapToInt(Integer::intValue).toArray());
    }

    private static void rows(NDArray logits, List<float[]> out) {
        int n = (int) logits.getShape().get(0);
        int c = (int) logits.getShape().get(1);
        float[] all = logits.toFloatArray();
        for (int i = 0; i < n; i++) {
            out.add(java.util.Arrays.copyOfRange(all, i * c, (i + 1) * c));
        }
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
