package dev.graft.train;

/** Linear warmup to the peak, then cosine decay to zero (or constant), by optimizer step. */
public final class LrSchedule {
    private final float peak;
    private final long warmupSteps;
    private final long totalSteps;
    private final TrainConfig.Schedule shape;

    public LrSchedule(float peak, long warmupSteps, long totalSteps, TrainConfig.Schedule shape) {
        this.peak = peak;
        this.warmupSteps = Math.max(0, Math.min(warmupSteps, totalSteps));
        this.totalSteps = Math.max(1, totalSteps);
        this.shape = shape;
    }

    /** The learning rate for step {@code step} (0-based). */
    public float at(long step) {
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
}
