package dev.graft.train;

import dev.graft.weights.StateDict;
import java.util.List;
import java.util.Map;

/**
 * Where a {@link Trainer}'s loop stands, complete enough to continue it later with exactly the
 * result an uninterrupted run would have had. The weights themselves are saved by the
 * {@link CheckpointHook}; everything else the loop needs is here.
 *
 * @param epoch the epoch to run next (1-based); when {@code batch > 0}, the epoch in progress
 * @param batch batches of {@code epoch} already trained (0 at an epoch boundary)
 * @param step optimizer steps taken in this phase; the learning rate and the dropout seed follow it
 * @param lossSum summed training loss of the epoch in progress, weighted by batch size
 * @param correct training predictions right so far in the epoch in progress
 * @param seen training images so far in the epoch in progress
 * @param bestLoss the best validation loss so far
 * @param bestAcc its validation accuracy
 * @param bestEpoch its epoch (0 = the starting weights)
 * @param sinceBest epochs since the best, for early stopping
 * @param earlyStop the early-stopping reason, once training decided to stop; else null
 * @param history the epochs finished
 * @param best the trainer's module at its best epoch
 * @param optimizer the optimizer's moments and step counts ({@link Optimizer#state})
 * @param extras state of listeners that keep their own ({@link StatefulListener}), by name
 */
public record TrainState(int epoch, int batch, long step, double lossSum, long correct, long seen, double bestLoss,
        double bestAcc, int bestEpoch, int sinceBest, String earlyStop, List<EpochMetrics> history, StateDict best,
        StateDict optimizer, Map<String, StateDict> extras) {}
