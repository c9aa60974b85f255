package dev.graft.train;

/**
 * A listener that saves a {@link Trainer}'s progress and resumes it. A trainer uses the first
 * hook among its listeners: it asks it how to start each {@link Trainer#fit} (one fit is one
 * phase of a recipe), and hands it its state at the phase start, every epoch, every
 * {@link #everySteps} steps, and when a stop request ends training in mid-epoch.
 */
public interface CheckpointHook extends TrainListener {
    /**
     * How a phase starts: from scratch, from a saved state (the hook has already put the saved
     * weights and freeze state into the network), or not at all because a previous run finished it.
     *
     * @param resume the state to continue from, or null
     * @param done the phase's result when it finished before, or null
     */
    record Start(TrainState resume, TrainResult done) {
        public static final Start FRESH = new Start(null, null);
    }

    /** Called at the start of every fit, before the optimizer is built. */
    Start onFitStart(TrainContext ctx);

    /** Saves mid-epoch every this many optimizer steps; 0 saves at epoch ends only. */
    int everySteps();

    /** Saves the trainer's state together with the network's weights. */
    void save(TrainContext ctx, TrainState state);
}
