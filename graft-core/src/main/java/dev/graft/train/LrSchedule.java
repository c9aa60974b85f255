package dev.graft.train;

/**
 * The learning rate by optimizer step: linear warmup to the peak, then cosine decay to zero (or
 * constant); or one-cycle, which brings its own warmup.
 */
public final class LrSchedule {
    /** One-cycle's share of steps spent rising, its start divisor and its final divisor (PyTorch's defaults). */
    static final double ONECYCLE_PCT = 0.3;
    static final double ONECYCLE_DIV = 25;
    static final double ONECYCLE_FINAL_DIV = 1e4;

    private final float peak;
    private final long warmupSteps;
    private final long totalSteps;
    private final TrainConfig.Schedule shape;

    /**
     * @param warmupSteps linear warmup length (ignored by ONECYCLE)
     * @param totalSteps steps of the whole phase
     */
    public LrSchedule(float peak, long warmupSteps, long totalSteps, TrainConfig.Schedule shape) {
        this.peak = peak;
        this.warmupSteps = Math.max(0, Math.min(warmupSteps, totalSteps));
        this.totalSteps = Math.max(1, totalSteps);
        this.shape = shape;
    }

    /** The learning rate for step {@code step} (0-based). */
    public float at(long step) {
        if (shape == TrainConfig.Schedule.ONECYCLE) {
            return oneCycle(step);
        }
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        if (shape == TrainConfig.Schedule.CONSTANT) {
            return peak;
        }
        long decay = totalSteps - warmupSteps;
        if (decay <= 0) {
            return peak;
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decay);
        return (float) (peak * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }

    /**
     * PyTorch's {@code OneCycleLR} (cosine annealing, two phases): from peak/25 up to the peak over
     * the first 30% of steps, then down to peak/25/1e4 at the last step.
     */
    private float oneCycle(long step) {
        double start = peak / ONECYCLE_DIV;
        double end = start / ONECYCLE_FINAL_DIV;
        double upEnd = ONECYCLE_PCT * totalSteps - 1;
        double last = totalSteps - 1;
        double s = Math.min(step, last);
        if (s <= upEnd) {
            return (float) cosine(start, peak, upEnd <= 0 ? 1 : s / upEnd);
        }
        return (float) cosine(peak, end, last - upEnd <= 0 ? 1 : (s - upEnd) / (last - upEnd));
    }

    private static double cosine(double from, double to, double pct) {
        return to + (from - to) / 2 * (Math.cos(Math.PI * pct) + 1);
    }
}
