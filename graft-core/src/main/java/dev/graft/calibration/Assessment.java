package dev.graft.calibration;

import dev.graft.eval.Outputs;

/**
 * How well a run's calibration holds on a data set: ECE and NLL without and with its temperature,
 * the reliability bins of both, and the share its rejection threshold accepts.
 *
 * @param temperature the run's T (1 when it stores none)
 * @param eceBefore ECE at T = 1
 * @param ece ECE at the run's T
 * @param nllBefore mean NLL at T = 1
 * @param nll mean NLL at the run's T
 * @param before reliability bins at T = 1
 * @param after reliability bins at the run's T
 * @param threshold the run's suggested rejection threshold, or null
 * @param accepted the share of these images whose calibrated top probability reaches the threshold (NaN without one)
 * @param acceptedAccuracy the accuracy on those accepted images (NaN without a threshold or when none is accepted)
 */
public record Assessment(double temperature, double eceBefore, double ece, double nllBefore, double nll,
        Reliability before, Reliability after, Double threshold, double accepted, double acceptedAccuracy) {

    public static Assessment of(Outputs o, Calibration c) {
        double t = c.temperature();
        float[][] raw = o.probabilities(1);
        float[][] cal = o.probabilities(t);
        Reliability before = Reliability.of(raw, o.truth());
        Reliability after = Reliability.of(cal, o.truth());
        Double threshold = c.rejection() == null ? null : c.rejection().threshold();
        double accepted = Double.NaN;
        double acceptedAccuracy = Double.NaN;
        if (threshold != null && o.size() > 0) {
            int kept = 0;
            int right = 0;
            for (int i = 0; i < cal.length; i++) {
                int best = Outputs.argmax(cal[i]);
                if (cal[i][best] >= threshold) {
                    kept++;
                    right += best == o.truth()[i] ? 1 : 0;
                }
            }
            accepted = (double) kept / o.size();
            acceptedAccuracy = kept == 0 ? Double.NaN : (double) right / kept;
        }
        return new Assessment(t, before.ece(), after.ece(), Temperature.nll(o, 1), Temperature.nll(o, t), before,
                after, threshold, accepted, acceptedAccuracy);
    }
}
