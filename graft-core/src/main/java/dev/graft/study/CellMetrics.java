package dev.graft.study;

import java.util.List;

/** The per-cell measures derived from the epoch history. */
public final class CellMetrics {
    /** The share of the final validation accuracy whose first arrival times a cell's speed. */
    public static final double TARGET = 0.9;

    private CellMetrics() {}

    /**
     * Seconds until the validation accuracy first reached {@code fraction × finalAcc}, read at
     * epoch ends. When no epoch reached it (the kept weights came from before training), the
     * whole training time.
     */
    public static double secondsToFraction(List<CellResult.EpochPoint> epochs, double finalAcc, double fraction,
            double trainSeconds) {
        double target = fraction * finalAcc;
        for (CellResult.EpochPoint p : epochs) {
            if (p.valAcc() >= target - 1e-12) {
                return p.seconds();
            }
        }
        return trainSeconds;
    }

    /** Training minus validation accuracy over the last epoch run (0 when nothing ran). */
    public static double lastGap(List<CellResult.EpochPoint> epochs) {
        if (epochs.isEmpty()) {
            return 0;
        }
        CellResult.EpochPoint last = epochs.get(epochs.size() - 1);
        return last.trainAcc() - last.valAcc();
    }
}
