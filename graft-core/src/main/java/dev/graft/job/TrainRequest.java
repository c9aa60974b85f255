package dev.graft.job;

import dev.graft.check.Checks;
import dev.graft.data.Augment;
import dev.graft.data.DataConfig;
import dev.graft.data.Preprocess;
import dev.graft.model.HeadSpec;
import dev.graft.peft.PeftConfig;
import dev.graft.engine.Engines;
import dev.graft.recipe.Strategy;
import dev.graft.run.OutputFolder;
import dev.graft.recipe.Tuning;
import dev.graft.train.TrainConfig;
import java.nio.file.Path;

/**
 * Everything {@code graft train} needs, resolved from flags or built in code.
 *
 * @param data what to train on
 * @param arch architecture name
 * @param weights a weights file or registry tag; null for none (only scratch runs without)
 * @param strategy scratch, linear-probe, partial:K, fine-tune, lora, bitfit or adapter
 * @param train optimiser, schedule and regularisation
 * @param head the new head
 * @param augment training augmentation
 * @param headEpochs fine-tune's head-only epochs (>= 0)
 * @param lrMult fine-tune's stem learning rate relative to the head's, in (0, 1000]
 * @param out the run folder to write (not empty)
 * @param force replace an existing run folder
 * @param strict refuse a pretrained head of a different class count instead of replacing it
 * @param threads decoding threads and libtorch threads, 1 to {@link Engines#maxThreads()}
 * @param preprocess override of the weights' preprocessing, or null
 * @param tuning stochastic depth, class balance, layer decay, gradual unfreezing (default {@link Tuning#NONE})
 * @param tta evaluate the final model with test-time augmentation (default false)
 * @param trainableReport print trainable and total parameters per stage as each phase begins (default false)
 * @param peft rank, alpha and targets of LoRA, and the adapters' width (used by lora, bitfit and
 *     adapter; default {@link PeftConfig#DEFAULTS})
 * @param checkpointEvery checkpoint every this many steps inside an epoch too; 0 = at epoch ends
 *     only (default 0)
 */
public record TrainRequest(DataConfig data, String arch, String weights, Strategy strategy, TrainConfig train,
        HeadSpec head, Augment augment, int headEpochs, float lrMult, Path out, boolean force, boolean strict,
        int threads, Preprocess preprocess, Tuning tuning, boolean tta, boolean trainableReport, PeftConfig peft,
        int checkpointEvery) {

    /** A request without extra tuning, TTA or report, with default PEFT options, checkpointing at epoch ends. */
    public TrainRequest(DataConfig data, String arch, String weights, Strategy strategy, TrainConfig train,
            HeadSpec head, Augment augment, int headEpochs, float lrMult, Path out, boolean force, boolean strict,
            int threads, Preprocess preprocess) {
        this(data, arch, weights, strategy, train, head, augment, headEpochs, lrMult, out, force, strict, threads,
                preprocess, Tuning.NONE, false, false, PeftConfig.DEFAULTS, DEFAULT_CHECKPOINT_EVERY);
    }

    /** Checkpoints inside an epoch unless set: every 0 steps, i.e. at epoch ends only. */
    public static final int DEFAULT_CHECKPOINT_EVERY = 0;

    public TrainRequest {
        Checks.require(data != null, "data", "a DataConfig", null);
        Checks.require(arch != null && !arch.isBlank(), "arch", "an architecture name (graft models lists them)",
                "'" + arch + "'");
        Checks.require(strategy != null, "strategy", "a Strategy", null);
        Checks.require(train != null, "train", "a TrainConfig", null);
        Checks.require(head != null, "head", "a HeadSpec", null);
        Checks.require(augment != null, "augment", "an Augment (Augment.NONE for none)", null);
        Checks.atLeast("headEpochs", headEpochs, 0);
        Checks.range("lrMult", lrMult, 0, true, 1000, false);
        OutputFolder.checkOut(out);
        Engines.checkThreads("threads", threads, false);
        if (tuning == null) {
            tuning = Tuning.NONE;
        }
        if (peft == null) {
            peft = PeftConfig.DEFAULTS;
        }
        Checks.atLeast("checkpointEvery", checkpointEvery, 0);
    }

    /** The same request writing to another folder. */
    public TrainRequest withOut(Path dir, boolean replace) {
        return new TrainRequest(data, arch, weights, strategy, train, head, augment, headEpochs, lrMult, dir, replace,
                strict, threads, preprocess, tuning, tta, trainableReport, peft, checkpointEvery);
    }

    /** The same request with another architecture name (a TorchScript program found elsewhere). */
    public TrainRequest withArch(String name) {
        return new TrainRequest(data, name, weights, strategy, train, head, augment, headEpochs, lrMult, out, force,
                strict, threads, preprocess, tuning, tta, trainableReport, peft, checkpointEvery);
    }

    /** The same request on another number of threads. */
    public TrainRequest withThreads(int n) {
        return new TrainRequest(data, arch, weights, strategy, train, head, augment, headEpochs, lrMult, out, force,
                strict, n, preprocess, tuning, tta, trainableReport, peft, checkpointEvery);
    }
}
