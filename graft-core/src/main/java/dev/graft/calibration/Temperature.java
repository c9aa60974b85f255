package dev.graft.calibration;

import dev.graft.eval.Outputs;

/**
 * Temperature scaling (Guo et al., 2017): one scalar T divides every logit, chosen to minimise
 * the negative log-likelihood of held-out images. It changes how confident the probabilities are,
 * never which class wins.
 */
public final class Temperature {
    /** The search range of T; outside it a fit says more about the data than about calibration. */
    public static final double MIN = 0.05;
    public static final double MAX = 20;

    private Temperature() {}

    /**
     * The T in [{@link #MIN}, {@link #MAX}] minimising {@link #nll}: golden-section search on log T
     * (the NLL is smooth and, for plain logits, convex in 1/T), to a relative precision of 1e-4.
     */
    public static double fit(Outputs o) {
        if (o.size() == 0) {
            throw new IllegalArgumentException("cannot fit a temperature on zero images");
        }
        double phi = (Math.sqrt(5) - 1) / 2;
        double a = Math.log(MIN);
        double b = Math.log(MAX);
        double c = b - phi * (b - a);
        double d = a + phi * (b - a);
        double fc = nll(o, Math.exp(c));
        double fd = nll(o, Math.exp(d));
        while (b - a > 1e-4) {
            if (fc <= fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - phi * (b - a);
                fc = nll(o, Math.exp(c));
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + phi * (b - a);
                fd = nll(o, Math.exp(d));
            }
        }
        return Math.exp((a + b) / 2);
    }

    /** Mean negative log-likelihood of the true classes at temperature {@code t}. */
    public static double nll(Outputs o, double t) {
        float[][] p = o.probabilities(t);
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum -= Math.log(Math.max(p[i][o.truth()[i]], 1e-12));
        }
        return sum / p.length;
    }
}
