package dev.graft.review;

import java.util.List;
import java.util.Map;

/**
 * What {@code graft review} found, as {@code review.json} holds it. Every probability here is
 * out-of-sample: it comes from a fold model that never saw the image's label.
 *
 * @param format the layout version of {@code review.json} ({@link #FORMAT}); its presence marks a
 *     review folder as Graft's, so {@code --force} may replace it
 * @param run the run folder reviewed with
 * @param data the images reviewed (the folder, or its {@code train/})
 * @param images how many
 * @param folds k of the cross-fitting
 * @param method {@code probe} (a linear probe on cached features per fold) or {@code fine-tune} (a
 *     short fine-tune of the run's recipe per fold)
 * @param features what the probe read: {@code base} (the run's pretrained network) or {@code run}
 *     (the trained network); null for fine-tune folds
 * @param outOfSampleAccuracy how often the most probable class equals the given label
 * @param thresholds per class, confident learning's threshold (the mean self-confidence)
 * @param confusedPairs given class against predicted class, most frequent first
 * @param topLosses the images whose given label got the lowest probability
 * @param labelIssues confident learning's candidates, most likely wrong first
 */
public record Review(int format, String run, String data, int images, int folds, String method, String features,
        double outOfSampleAccuracy,
        Map<String, Double> thresholds, List<Pair> confusedPairs, List<Loss> topLosses, List<LabelIssue> labelIssues) {
    /** The layout version this Graft writes. */
    public static final int FORMAT = 1;

    /**
     * One off-diagonal cell of the out-of-sample confusion matrix.
     *
     * @param given the label the images carry
     * @param predicted the class they were predicted as
     * @param count how many
     * @param share {@code count} over the images labeled {@code given}
     */
    public record Pair(String given, String predicted, long count, double share) {}

    /**
     * A high-loss image.
     *
     * @param file where it is, as found under the data folder
     * @param given its label
     * @param predicted the most probable class
     * @param probability the predicted class's probability
     * @param givenProbability the given label's probability
     * @param loss −log of {@code givenProbability}
     * @param overlay the Grad-CAM overlay (the run's network, explaining {@code predicted}), relative to the
     *     review folder, or null
     */
    public record Loss(String file, String given, String predicted, double probability, double givenProbability,
            double loss, String overlay) {}

    /**
     * A label that looks wrong.
     *
     * @param file where it is, as found under the data folder
     * @param given its label
     * @param suggested the class confident learning suggests
     * @param score 1 − the out-of-sample probability of the given label: higher, more likely wrong
     */
    public record LabelIssue(String file, String given, String suggested, double score) {}
}
