package dev.graft.train;

/**
 * One epoch's results, as one line of {@code metrics.jsonl}.
 *
 * @param epoch 1-based
 * @param phase which part of a recipe ran it, such as {@code head} or {@code fine-tune}
 * @param trainLoss mean training loss
 * @param trainAcc training accuracy (with augmentation and dropout on)
 * @param valLoss validation loss (without label smoothing)
 * @param valAcc validation accuracy
 * @param lr learning rate at the epoch's end
 * @param seconds wall time of the epoch, validation included
 * @param imagesPerSecond training throughput
 */
public record EpochMetrics(int epoch, String phase, double trainLoss, double trainAcc, double valLoss, double valAcc,
        double lr, double seconds, double imagesPerSecond) {}
