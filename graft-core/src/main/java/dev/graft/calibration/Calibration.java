package dev.graft.calibration;

import ai.djl.ndarray.NDArray;
import dev.graft.check.Checks;
import dev.graft.eval.Outputs;

/**
 * A run's calibration, as {@code graft.json} stores it under {@code calibration}: the temperature
 * fitted on its validation images, what it did to their NLL and ECE, and the suggested rejection
 * threshold. A run folder without it (made before Graft calibrated) loads as {@link #NONE}: T = 1,
 * no threshold.
 *
 * <p>Serving code turns logits into calibrated probabilities with {@link #probabilities} and
 * answers "unknown" when {@link #rejects} says so.
 *
 * @param temperature T: probabilities are {@code softmax(logits / T)}
 * @param images validation images it was fitted on (0 for {@link #NONE})
 * @param nllBefore their mean negative log-likelihood at T = 1
 * @param nll at the fitted T
 * @param eceBefore their expected calibration error at T = 1
 * @param ece at the fitted T
 * @param rejection the suggested threshold on the calibrated top probability, or null
 * @param note why the temperature was left at 1 although validation images were there, or null
 */
public record Calibration(double temperature, int images, double nllBefore, double nll, double eceBefore,
        double ece, Rejection rejection, String note) {

    /** No calibration: T = 1 and no threshold. */
    public static final Calibration NONE = new Calibration(1, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null,
            null);

    /** Said when the NLL keeps falling to the edge of the search range. */
    public static final String AT_EDGE = "the validation NLL has no minimum inside the temperature range (every "
            + "validation image is right with a wide margin, so any T < 1 looks better): T left at 1";

    public Calibration {
        Checks.positive("temperature", temperature);
        Checks.atLeast("calibration.images", images, 0);
    }

    /** The calibration stored in a run, or {@link #NONE} when it has none. */
    public static Calibration orNone(Calibration c) {
        return c == null ? NONE : c;
    }

    /**
     * Fits the temperature on held-out outputs (the validation images) and suggests the threshold
     * that accepts {@code acceptRate} of them.
     */
    public static Calibration fit(Outputs validation, double acceptRate) {
        double t = Temperature.fit(validation);
        String note = null;
        if (t < Temperature.MIN * 1.01 || t > Temperature.MAX / 1.01) {
            // a minimum at the edge is no minimum: T -> 0 would make every answer certain
            t = 1;
            note = AT_EDGE;
        }
        Rejection rejection = Rejection.suggest(OodScore.MSP, OodScore.MSP.of(validation, t), acceptRate);
        return new Calibration(t, validation.size(), Temperature.nll(validation, 1), Temperature.nll(validation, t),
                Reliability.of(validation.probabilities(1), validation.truth()).ece(),
                Reliability.of(validation.probabilities(t), validation.truth()).ece(), rejection, note);
    }

    /** Calibrated class probabilities of one image's logits. */
    public float[] probabilities(float[] logits) {
        return Outputs.softmax(logits, temperature);
    }

    /** Calibrated class probabilities of a batch of logits [N, classes], in the logits' manager. */
    public NDArray probabilities(NDArray logits) {
        return (temperature == 1 ? logits : logits.div((float) temperature)).softmax(1);
    }

    /** Whether a calibrated top probability falls below {@code threshold} (so the answer is "unknown"). */
    public static boolean rejects(float[] probabilities, double threshold) {
        float max = 0;
        for (float p : probabilities) {
            max = Math.max(max, p);
        }
        return max < threshold;
    }

    /** The suggested threshold for {@code acceptRate} of the validation images; fails without one. */
    public double thresholdFor(double acceptRate) {
        if (rejection == null) {
            throw new IllegalArgumentException("this run stores no rejection threshold (it was trained before Graft "
                    + "calibrated runs); give `rejectBelow` a probability instead of auto");
        }
        return rejection.thresholdFor(acceptRate);
    }
}
