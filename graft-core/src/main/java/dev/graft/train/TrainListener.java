package dev.graft.train;

/**
 * Hooks into training. Every method has a no-op default, so a listener implements only what it
 * needs. A listener stops training through {@link TrainContext#requestStop}, never by throwing.
 */
public interface TrainListener {
    default void onTrainBegin(TrainContext ctx) {}

    default void onEpochBegin(TrainContext ctx, int epoch) {}

    /** After each optimizer step; {@code loss} is that batch's training loss. */
    default void onStepEnd(TrainContext ctx, long step, double loss) {}

    default void onEpochEnd(TrainContext ctx, EpochMetrics metrics) {}

    /**
     * When the monitored validation metric reached a new best and the weights were snapshotted.
     * During this call the model holds exactly the snapshotted weights (with EMA on: the average).
     */
    default void onNewBest(TrainContext ctx, EpochMetrics metrics) {}

    /** After the best weights have been restored. */
    default void onTrainEnd(TrainContext ctx, TrainResult result) {}
}
