package dev.graft.calibration;

import dev.graft.eval.Outputs;

/**
 * How in-distribution an image looks from the network's class scores: higher means more like
 * the training classes. Both are computed at the run's temperature.
 */
public enum OodScore {
    /** The maximum softmax probability (Hendrycks and Gimpel, 2017): the confidence itself. */
    MSP,
    /** The negative free energy {@code T · log Σ exp(z / T)} (Liu et al., 2020). */
    ENERGY;

    /** The score of one image's logits at temperature {@code t}. */
    public double of(float[] logits, double t) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v / t);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v / t - max);
        }
        return switch (this) {
            case MSP -> 1 / sum; // exp(max - max) / sum
            case ENERGY -> t * (max + Math.log(sum));
        };
    }

    /** Scores of every image; with a mirror (TTA), MSP is taken from the averaged probabilities. */
    public double[] of(Outputs o, double t) {
        double[] out = new double[o.size()];
        if (this == MSP && o.mirrored() != null) {
            float[][] p = o.probabilities(t);
            for (int i = 0; i < out.length; i++) {
                float m = 0;
                for (float v : p[i]) {
                    m = Math.max(m, v);
                }
                out[i] = m;
            }
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = of(o.logits()[i], t);
        }
        return out;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
