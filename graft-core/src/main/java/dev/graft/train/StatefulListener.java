package dev.graft.train;

import dev.graft.weights.StateDict;

/**
 * A listener that keeps state of its own across steps (an exponential moving average of the
 * weights, say). Checkpoints save it under {@link #stateName} and a resumed run restores it
 * before its first step, so resuming stays exact.
 */
public interface StatefulListener extends TrainListener {
    /** A name unique among the listeners of one run, used as a prefix in the checkpoint. */
    String stateName();

    /** A copy of the state, as tensors and string metadata. */
    StateDict saveState();

    /** Restores what {@link #saveState} returned. */
    void loadState(StateDict state);
}
