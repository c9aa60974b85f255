package dev.graft.study;

import dev.graft.calibration.Reliability;
import dev.graft.check.Checks;
import java.util.List;

/**
 * One finished cell, as stored in {@code study.json}.
 *
 * @param key the cell's {@link Cell#key()}
 * @param strategy the strategy name
 * @param perClass requested training images per class (0 = all)
 * @param trainImages training images the cell actually had
 * @param seed the cell's seed
 * @param testAccuracy accuracy on the shared test set
 * @param testMacroF1 unweighted mean of per-class F1 on the test set
 * @param testLoss mean cross-entropy on the test set
 * @param trainSeconds training wall time, feature caching included, evaluation excluded
 * @param secondsToTarget seconds from the start of training until the validation accuracy first
 *     reached {@link CellMetrics#TARGET} of the final validation accuracy (measured at epoch ends)
 * @param finalValAccuracy validation accuracy of the weights kept
 * @param trainableParams parameters trained in the last phase
 * @param totalParams all parameters
 * @param bestEpoch the epoch, counted over all phases, whose weights were kept (0 = the weights
 *     before training)
 * @param epochsRun epochs run over all phases
 * @param trainValGap training minus validation accuracy over the last epoch run: how far the cell
 *     had overfit when training stopped
 * @param featuresCached whether head training ran on cached backbone features
 * @param stopReason why the last phase ended early, or null
 * @param epochs every epoch's losses and accuracies, with the time it ended
 * @param confusion test confusion matrix, {@code [true][predicted]}
 * @param worst the test images given the lowest probability for their true class
 * @param finished ISO-8601 time the cell finished
 * @param calibration the temperature fitted on the validation images and the test set's reliability
 *     before and after it, or null (cells of studies made before Graft calibrated)
 */
public record CellResult(String key, String strategy, int perClass, int trainImages, long seed,
        double testAccuracy, double testMacroF1, double testLoss, double trainSeconds, double secondsToTarget,
        double finalValAccuracy, long trainableParams, long totalParams, int bestEpoch, int epochsRun,
        double trainValGap, boolean featuresCached, String stopReason, List<EpochPoint> epochs,
        long[][] confusion, List<Miss> worst, String finished, CellCalibration calibration) {

    /** A cell without calibration. */
    public CellResult(String key, String strategy, int perClass, int trainImages, long seed, double testAccuracy,
            double testMacroF1, double testLoss, double trainSeconds, double secondsToTarget, double finalValAccuracy,
            long trainableParams, long totalParams, int bestEpoch, int epochsRun, double trainValGap,
            boolean featuresCached, String stopReason, List<EpochPoint> epochs, long[][] confusion, List<Miss> worst,
            String finished) {
        this(key, strategy, perClass, trainImages, seed, testAccuracy, testMacroF1, testLoss, trainSeconds,
                secondsToTarget, finalValAccuracy, trainableParams, totalParams, bestEpoch, epochsRun, trainValGap,
                featuresCached, stopReason, epochs, confusion, worst, finished, null);
    }

    /**
     * How well a cell's probabilities can be trusted on the test set.
     *
     * @param temperature T fitted on the validation images (1 when no interior minimum was found)
     * @param eceBefore test ECE at T = 1
     * @param ece test ECE at T
     * @param before the test set's reliability bins at T = 1
     * @param after at T
     */
    public record CellCalibration(double temperature, double eceBefore, double ece, Reliability before,
            Reliability after) {}

    /**
     * Checks what a stored cell must satisfy for the summary and the report to mean anything:
     * its key matches its fields, scores are shares in [0, 1], times and losses finite and not
     * negative, and indices within the study's classes and test images.
     *
     * @param name how messages name this cell, such as {@code cells[3]}
     * @throws IllegalArgumentException naming the field, its range and the value
     */
    public void check(String name, int classes, int testImages) {
        Checks.require(strategy != null && key != null && key.equals(new Cell(strategy, perClass, seed).key()),
                name + ".key", "strategy/size/seed of its own fields", key);
        Checks.atLeast(name + ".perClass", perClass, 0);
        Checks.atLeast(name + ".trainImages", trainImages, 0);
        share(name + ".testAccuracy", testAccuracy);
        share(name + ".testMacroF1", testMacroF1);
        share(name + ".finalValAccuracy", finalValAccuracy);
        Checks.atLeast(name + ".testLoss", testLoss, 0);
        Checks.atLeast(name + ".trainSeconds", trainSeconds, 0);
        Checks.atLeast(name + ".secondsToTarget", secondsToTarget, 0);
        Checks.range(name + ".trainValGap", trainValGap, -1, false, 1, false);
        Checks.range(name + ".trainableParams", trainableParams, 0, Long.MAX_VALUE);
        Checks.range(name + ".totalParams", totalParams, trainableParams, Long.MAX_VALUE);
        Checks.atLeast(name + ".bestEpoch", bestEpoch, 0);
        Checks.atLeast(name + ".epochsRun", epochsRun, 0);
        for (EpochPoint p : epochs == null ? List.<EpochPoint>of() : epochs) {
            Checks.atLeast(name + ".epochs.seconds", p.seconds(), 0);
            Checks.atLeast(name + ".epochs.trainLoss", p.trainLoss(), 0);
            Checks.atLeast(name + ".epochs.valLoss", p.valLoss(), 0);
            share(name + ".epochs.trainAcc", p.trainAcc());
            share(name + ".epochs.valAcc", p.valAcc());
        }
        Checks.require(confusion != null && confusion.length == classes, name + ".confusion",
                "a " + classes + "x" + classes + " matrix", confusion == null ? null : confusion.length + " rows");
        for (long[] row : confusion) {
            Checks.require(row != null && row.length == classes && java.util.Arrays.stream(row).allMatch(c -> c >= 0),
                    name + ".confusion", "rows of " + classes + " counts >= 0", java.util.Arrays.toString(row));
        }
        for (Miss m : worst == null ? List.<Miss>of() : worst) {
            Checks.range(name + ".worst.index", m.index(), 0, Math.max(0, testImages - 1));
            Checks.range(name + ".worst.truth", m.truth(), 0, classes - 1);
            Checks.range(name + ".worst.predicted", m.predicted(), 0, classes - 1);
            share(name + ".worst.confidence", m.confidence());
            share(name + ".worst.truthProb", m.truthProb());
        }
    }

    private static void share(String name, double v) {
        Checks.range(name, v, 0, false, 1, false);
    }

    /**
     * One epoch of one phase.
     *
     * @param index epoch counted over all phases, from 1
     * @param phase the phase, such as {@code head} or {@code fine-tune}
     * @param epoch epoch within the phase, from 1
     * @param seconds time since the cell's training started, at the end of this epoch
     * @param trainLoss mean training loss (label smoothing and dropout on)
     * @param trainAcc training accuracy
     * @param valLoss validation loss
     * @param valAcc validation accuracy
     */
    public record EpochPoint(int index, String phase, int epoch, double seconds, double trainLoss, double trainAcc,
            double valLoss, double valAcc) {}

    /**
     * A badly predicted test image.
     *
     * @param index index in the test set
     * @param image where it comes from (a path, or a data set and index)
     * @param truth true class index
     * @param predicted predicted class index
     * @param confidence probability of the predicted class
     * @param truthProb probability given to the true class
     * @param heatmap where the network found evidence for the predicted class (Grad-CAM at its default
     *     layer, rows of columns summing to 1), or null
     */
    public record Miss(int index, String image, int truth, int predicted, double confidence, double truthProb,
            double[][] heatmap) {
        public Miss(int index, String image, int truth, int predicted, double confidence, double truthProb) {
            this(index, image, truth, predicted, confidence, truthProb, null);
        }
    }
}
