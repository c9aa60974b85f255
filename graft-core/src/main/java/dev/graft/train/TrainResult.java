package dev.graft.train;

import java.util.List;

/**
 * How a training phase ended.
 *
 * @param history one entry per epoch run
 * @param bestEpoch the epoch whose weights the model now holds (0 if none was better than the start)
 * @param bestValLoss its validation loss
 * @param bestValAcc its validation accuracy
 * @param stopReason why training ended before its last epoch, or null
 * @param seconds wall time
 */
public record TrainResult(List<EpochMetrics> history, int bestEpoch, double bestValLoss, double bestValAcc,
        String stopReason, double seconds) {}
