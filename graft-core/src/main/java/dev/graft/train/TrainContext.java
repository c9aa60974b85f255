package dev.graft.train;

import dev.graft.nn.Module;

/** What listeners may see and ask of a running training. */
public interface TrainContext {
    Module model();

    TrainConfig config();

    /** The name of the current phase, such as {@code head} or {@code fine-tune}. */
    String phase();

    int epochs();

    long stepsPerEpoch();

    /** The moving average of the weights when EMA is on (for checkpoints), else null. */
    default Ema ema() {
        return null;
    }

    /** Ends training after the current step; the best weights are still restored. */
    void requestStop(String reason);
}
