package dev.graft.job;

import ai.djl.ndarray.NDManager;
import dev.graft.data.Data;
import dev.graft.data.Preprocess;
import dev.graft.engine.Engines;
import dev.graft.model.Models;
import dev.graft.model.Network;
import dev.graft.model.Pretrained;
import dev.graft.recipe.RecipeResult;
import dev.graft.recipe.RecipeSetup;
import dev.graft.recipe.Recipes;
import dev.graft.run.MetricsLog;
import dev.graft.run.OutputFolder;
import dev.graft.run.RunDir;
import dev.graft.train.Checkpointer;
import dev.graft.train.EpochMetrics;
import dev.graft.train.GracefulStop;
import dev.graft.train.TrainListener;
import dev.graft.train.TrainResult;
import dev.graft.train.TrainableReport;
import dev.graft.train.TrainingException;
import dev.graft.weights.Safetensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code graft train}: data, network, weights, recipe, evaluation, and the run folder. Training
 * checkpoints as it goes, so {@link #resume} continues an interrupted run to exactly the result
 * the uninterrupted run would have had.
 */
public final class TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

    private TrainJob() {}

    /**
     * Trains as requested and writes the run folder. Every input (weights, data) is checked before
     * the folder is touched; an existing run is replaced only with {@code force}, only when it
     * holds nothing but Graft's files, and only once the new run has finished (see
     * {@link OutputFolder}).
     *
     * @param listeners progress listeners (the metrics log is added here)
     */
    public static TrainSummary run(TrainRequest r, List<TrainListener> listeners) {
        return run(r, null, listeners);
    }

    /**
     * Trains on data opened by the caller (images handed over in code, say) instead of opening
     * {@code r.data()}, which then only describes the data in {@code request.json}.
     *
     * @param data the opened data, or null to open {@code r.data()}
     */
    public static TrainSummary run(TrainRequest r, Data data, List<TrainListener> listeners) {
        // weights are plain Java data: a bad file is refused before libtorch starts (seconds saved)
        Pretrained.Resolved weights = TrainInputs.weights(r);
        Engines.start(r.threads());
        Data opened = data != null ? TrainInputs.report(data) : TrainInputs.data(r);
        OutputFolder folder = OutputFolder.prepare(r.out(), r.force(), RunDir.KIND, TrainInputs.paths(r));
        RunDir run = new RunDir(folder.dir());
        RequestCodec.write(r, weights == null ? null : weights.sha256(), run.request());
        return train(r, folder, run, weights, opened, null, listeners);
    }

    /**
     * {@code graft train --resume RUN}: continues an interrupted run from its last checkpoint, with
     * the configuration it was started with.
     *
     * @param threads 0 to use the run's own thread count; another count works but may change the
     *     last bits of the results, because libtorch splits its sums by thread
     */
    public static TrainSummary resume(Path dir, int threads, List<TrainListener> listeners) {
        return resume(dir, threads, Trusted.NONE, listeners);
    }

    /**
     * As {@link #resume(Path, int, List)}; {@code request.json} is untrusted like any run
     * folder's metadata, so weights it names outside the folder (other than a registry tag or a hub
     * file) and a TorchScript architecture are used only when {@code trusted} names them.
     */
    public static TrainSummary resume(Path dir, int threads, Trusted trusted, List<TrainListener> listeners) {
        Engines.checkThreads("threads", threads, true);
        OutputFolder folder = RunDir.openForResume(dir);
        RunDir run = new RunDir(folder.dir());
        RequestCodec.Stored stored = RequestCodec.read(run.request(), threads);
        TrainRequest r = stored.request().withOut(folder.out(), false);
        if (threads > 0 && threads != stored.threads()) {
            LOG.warn("note: the run used " + stored.threads() + " thread(s), resuming with " + threads
                    + "; results may differ from an uninterrupted run in the last bits");
        }
        r = r.withArch(RunInputs.arch(r.arch(), stored.scriptSha(), trusted.torchscript(), run.request()));
        Pretrained.Resolved weights = null;
        if (r.strategy().usesPretrained()) {
            weights = RunInputs.weights(r.weights(), stored.weightsSha(), trusted.base(), run.request(), "weights");
        } else if (trusted.base() != null) {
            throw new IllegalArgumentException("`weights` " + trusted.base() + ": the run trains from scratch and "
                    + "reads no weights; drop `weights`");
        }
        Engines.start(r.threads());
        Checkpointer.Saved saved = Checkpointer.read(run.checkpoint());
        LOG.info("resuming " + dir + (folder.replaces() ? " (the replacement waiting in " + folder.dir() + ")" : "")
                + ": phase '" + saved.phase() + "', epoch " + saved.state().epoch() + ", " + saved.state().batch()
                + " batch(es) into it, after " + saved.state().step() + " step(s)");
        return train(r, folder, run, weights, TrainInputs.data(r), saved, listeners);
    }

    private static TrainSummary train(TrainRequest r, OutputFolder folder, RunDir run, Pretrained.Resolved weights,
            Data data, Checkpointer.Saved saved, List<TrainListener> listeners) {
        Preprocess pre = TrainInputs.preprocess(r, weights);
        try (NDManager manager = Engines.newManager()) {
            Network net = Models.build(r.arch(), data.labels().size(), r.head(), manager, r.train().seed());
            String loadMessage = TrainInputs.load(net, r, data, weights);
            PeftRuns.Setup peft = PeftRuns.prepare(r, weights, net);
            Consumer<Network> save = peft == null ? n -> Safetensors.write(n.stateDict(), run.model())
                    : n -> peft.save(n, run.adapters());
            if (saved != null) {
                MetricsLog.rewrite(run, history(saved));
            }
            List<TrainListener> all = new ArrayList<>(listeners);
            all.add(0, new Checkpointer(run.checkpoint(), net, r.checkpointEvery(), saved));
            all.add(0, new MetricsLog(run, net, save));
            if (r.trainableReport()) {
                all.add(TrainableReport.printer(net));
            }
            RecipeSetup setup = new RecipeSetup(net, data.train(), data.val(), pre, r.augment(), r.train(),
                    r.headEpochs(), r.lrMult(), r.threads(), all, r.tuning());
            RunWriter writer = new RunWriter(r, run, data, pre, weights, peft, net, save, loadMessage);
            RecipeResult result;
            try {
                result = Recipes.run(r.strategy(), setup);
            } catch (TrainingException e) {
                writer.write(null, e.getMessage()); // the best weights so far, marked; the checkpoint stays
                waiting(folder);
                throw e;
            }
            boolean userStop = result.phases().stream().anyMatch(p -> GracefulStop.REASON.equals(p.stopReason()));
            TrainSummary s = writer.write(result, userStop ? GracefulStop.REASON : null);
            if (userStop) {
                waiting(folder);
                return s;
            }
            folder.commit();
            return new TrainSummary(new RunDir(folder.out()), s.info(), s.recipe(), s.val(), s.test(),
                    s.loadMessage());
        }
    }

    /** Says where an unfinished replacement waits, and that the old run is untouched. */
    private static void waiting(OutputFolder folder) {
        if (folder.replaces()) {
            LOG.warn("note: " + folder.out() + " still holds the old run; the new one waits in " + folder.dir()
                    + " and replaces it when it finishes (continue it with `resume` " + folder.out() + ")");
        }
    }

    /** Every epoch a checkpoint has seen, finished phases first. */
    private static List<EpochMetrics> history(Checkpointer.Saved saved) {
        List<EpochMetrics> out = new ArrayList<>();
        for (TrainResult t : saved.finished()) {
            out.addAll(t.history());
        }
        out.addAll(saved.state().history());
        return out;
    }
}
