package dev.graft.gen.ddpm;

import dev.graft.check.Checks;

/**
 * DDPM's forward process: {@code T} noise levels with betas rising linearly from
 * {@code betaStart} to {@code betaEnd}, and {@code alphaBar[t] = Π_{s≤t} (1 − beta_s)}, the share
 * of signal variance left at step t.
 *
 * @param timesteps T (default 1000)
 * @param betaStart first beta (default 1e-4)
 * @param betaEnd last beta (default 0.02)
 */
public record NoiseSchedule(int timesteps, double betaStart, double betaEnd) {
    public NoiseSchedule {
        Checks.range("timesteps", timesteps, 2, 100_000);
        Checks.range("betaStart", betaStart, 0, true, 1, true);
        Checks.range("betaEnd", betaEnd, betaStart, false, 1, true);
    }

    /** Ho et al.'s schedule: T = 1000, betas 1e-4 to 0.02. */
    public static NoiseSchedule linear() {
        return new NoiseSchedule(1000, 1e-4, 0.02);
    }

    /** alphaBar for every step, 0-based. */
    public double[] alphaBar() {
        double[] ab = new double[timesteps];
        double prod = 1;
        for (int t = 0; t < timesteps; t++) {
            double beta = betaStart + (betaEnd - betaStart) * t / (timesteps - 1);
            prod *= 1 - beta;
            ab[t] = prod;
        }
        return ab;
    }
}
