package dev.graft;

import dev.graft.job.Trusted;
import dev.graft.source.DataSource;
import dev.graft.train.TrainListener;
import java.nio.file.Path;
import java.util.List;

/**
 * The way into Graft from Java: {@link #fineTune} trains a model on your images, {@link #load}
 * opens a run folder saved before, {@link #resume} finishes one that was stopped. Serving goes through {@link dev.graft.serve.Classifier}.
 *
 * <pre>{@code
 * try (TrainedModel model = Graft.fineTune(ImageFolder.of(Path.of("flowers")))
 *         .setWeights("resnet18.tv_in1k")
 *         .optEpochs(10)
 *         .fit()) {
 *     System.out.println(model.evaluate(ImageFolder.of(Path.of("flowers-test"))).format());
 *     model.save(Path.of("runs/flowers"));
 * }
 * }</pre>
 */
public final class Graft {
    /** The release this code belongs to. */
    public static final String VERSION = "0.1.0";

    /** Version of the run-folder layout; readers accept this and every earlier one. */
    public static final int RUN_FORMAT = 1;

    private Graft() {}

    /**
     * Starts configuring a training run on these images; {@link FineTuning.Builder#fit} runs it.
     * The strategy is fine-tune unless changed with {@link FineTuning.Builder#optStrategy}.
     *
     * @param data the labeled images to train on
     * @return a builder with {@code data} set
     */
    public static FineTuning.Builder fineTune(DataSource data) {
        return FineTuning.builder().setData(data);
    }

    /**
     * Opens a run folder written by {@link TrainedModel#save}, by {@code graft train}, or by a
     * resumed run. Parameter-efficient runs (LoRA, BitFit, adapters) load their base weights from
     * where the run recorded them when that is a registry tag or the hub (checked by sha256); a run
     * whose base is a local file, or whose architecture was cut from a TorchScript program, needs
     * that file named with {@link #load(Path, Trusted)}: a run folder is untrusted, and never makes
     * Graft open a file outside it by itself ({@code docs/SECURITY.md}).
     *
     * @param runDir the run folder
     * @return the model, with its provenance; close it to free its weights
     * @throws dev.graft.run.RunException when the folder is not a finished Graft run
     */
    public static TrainedModel load(Path runDir) {
        return load(runDir, Trusted.NONE);
    }

    /**
     * Opens a parameter-efficient run folder whose base weights are no longer where it recorded them.
     *
     * @param runDir the run folder
     * @param baseWeights the base weights: a file, a URL or a registry tag; checked by sha256
     * @return the model, with its provenance; close it to free its weights
     * @throws dev.graft.run.RunException when the folder is not a finished Graft run, or the base
     *     weights differ from the ones the run was trained on
     */
    public static TrainedModel load(Path runDir, String baseWeights) {
        return load(runDir, Trusted.base(baseWeights));
    }

    /**
     * Opens a run folder with the files its metadata may not open by itself: the base weights of a
     * parameter-efficient run, and the TorchScript program of a run cut from one. Each must have the
     * sha256 the run recorded.
     *
     * @param runDir the run folder
     * @param trusted the files you name, such as {@code new Trusted(null, Path.of("net.pt"))}
     * @return the model, with its provenance; close it to free its weights
     * @throws dev.graft.run.RunException when the folder is not a finished Graft run, or a named
     *     file differs from the one the run was trained with
     */
    public static TrainedModel load(Path runDir, Trusted trusted) {
        return TrainedModel.open(runDir, trusted, dev.graft.engine.Engines.defaultThreads());
    }

    /**
     * Continues a stopped or interrupted run from its last checkpoint, with the configuration it
     * was started with and on the thread count it ran on, so it ends as the uninterrupted run
     * would have ({@code graft train --resume}). A crash leaves such a checkpoint, and so does a
     * stop asked for with {@link dev.graft.train.GracefulStop} (or by a listener calling
     * {@code ctx.requestStop(GracefulStop.REASON)}); early stopping finishes the run instead.
     *
     * @param runDir the run folder, holding {@code checkpoint} and {@code request.json}
     * @param trusted the files the run's request names outside its folder, which a run folder may
     *     not open by itself: the weights file it started from, or a TorchScript program; each
     *     checked against the sha256 the run recorded ({@link Trusted#NONE} for a registry tag)
     * @param listeners hear every training event of the rest of the run
     * @return the finished model, in {@code runDir}; close it to free its weights
     * @throws dev.graft.run.RunException when the folder holds no checkpoint to resume from
     */
    public static TrainedModel resume(Path runDir, Trusted trusted, TrainListener... listeners) {
        dev.graft.job.TrainSummary s = dev.graft.job.TrainJob.resume(runDir, 0, trusted, List.of(listeners));
        return TrainedModel.open(s.run().dir(), trusted, dev.graft.engine.Engines.defaultThreads());
    }
}
