package dev.graft.job;

import dev.graft.data.Augment;
import dev.graft.data.DataConfig;
import dev.graft.data.Preprocess;
import dev.graft.model.HeadSpec;
import dev.graft.recipe.Strategy;
import dev.graft.recipe.Tuning;
import dev.graft.train.TrainConfig;
import java.nio.file.Path;

/**
 * Everything {@code graft train} needs, resolved from flags or built in code.
 *
 * @param data what to train on
 * @param arch architecture name
 * @param weights a weights file or registry tag; null for none (only scratch runs without)
 * @param strategy scratch, linear-probe, partial:K or fine-tune
 * @param train optimiser, schedule and regularisation
 * @param head the new head
 * @param augment training augmentation
 * @param headEpochs fine-tune's head-only epochs
 * @param lrMult fine-tune's stem learning rate relative to the head's
 * @param out the run folder to write
 * @param force replace an existing run folder
 * @param strict refuse a pretrained head of a different class count instead of replacing it
 * @param threads decoding threads and libtorch threads
 * @param preprocess override of the weights' preprocessing, or null
 * @param tuning stochastic depth, class balance, layer decay, gradual unfreezing (default {@link Tuning#NONE})
 * @param tta evaluate the final model with test-time augmentation (default false)
 * @param trainableReport print trainable and total parameters per stage as each phase begins (default false)
 */
public record TrainRequest(DataConfig data, String arch, String weights, Strategy strategy, TrainConfig train,
        HeadSpec head, Augment augment, int headEpochs, float lrMult, Path out, boolean force, boolean strict,
        int threads, Preprocess preprocess, Tuning tuning, boolean tta, boolean trainableReport) {

    /** A request without extra tuning, TTA or report. */
    public TrainRequest(DataConfig data, String arch, String weights, Strategy strategy, TrainConfig train,
            HeadSpec head, Augment augment, int headEpochs, float lrMult, Path out, boolean force, boolean strict,
            int threads, Preprocess preprocess) {
        this(data, arch, weights, strategy, train, head, augment, headEpochs, lrMult, out, force, strict, threads,
                preprocess, Tuning.NONE, false, false);
    }
}
