package dev.graft.job;

import ai.djl.ndarray.NDManager;
import dev.graft.data.Data;
import dev.graft.data.Datasets;
import dev.graft.data.Preprocess;
import dev.graft.engine.Engines;
import dev.graft.model.Architectures;
import dev.graft.model.LoadReport;
import dev.graft.model.Network;
import dev.graft.model.Pretrained;
import dev.graft.model.WeightLoader;
import dev.graft.recipe.RecipeResult;
import dev.graft.recipe.RecipeSetup;
import dev.graft.recipe.Recipes;
import dev.graft.run.MetricsLog;
import dev.graft.run.RunDir;
import dev.graft.train.Checkpointer;
import dev.graft.train.EpochMetrics;
import dev.graft.train.TrainListener;
import dev.graft.train.TrainResult;
import dev.graft.train.TrainingException;
import dev.graft.weights.Safetensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code graft train}: data, network, weights, recipe, evaluation, and the run folder. Training
 * checkpoints as it goes, so {@link #resume} continues an interrupted run to exactly the result
 * the uninterrupted run would have had.
 */
public final class TrainJob {
    private TrainJob() {}

    /**
     * Runs one training request end to end.
     *
     * @param log receives one-line progress messages (loading, head replacement, skipped files)
     */
    public static TrainSummary run(TrainRequest r, List<TrainListener> listeners, Consumer<String> log) {
        Engines.start(r.threads());
        Pretrained.Resolved weights = resolveWeights(r);
        RunDir run = RunDir.create(r.out(), r.force());
        RequestCodec.write(r, run.request());
        return train(r, run, weights, null, listeners, log);
    }

    /**
     * {@code graft train --resume RUN}: continues an interrupted run from its last checkpoint, with
     * the configuration it was started with.
     *
     * @param threads 0 to use the run's own thread count; another count works but may change the
     *     last bits of the results, because libtorch splits its sums by thread
     */
    public static TrainSummary resume(Path dir, int threads, List<TrainListener> listeners, Consumer<String> log) {
        RunDir run = RunDir.openForResume(dir);
        TrainRequest r = RequestCodec.read(run.request()).withOut(dir, false);
        if (threads > 0 && threads != r.threads()) {
            log.accept("note: the run used " + r.threads() + " thread(s), resuming with " + threads
                    + "; results may differ from an uninterrupted run in the last bits");
            r = r.withThreads(threads);
        }
        Engines.start(r.threads());
        Checkpointer.Saved saved = Checkpointer.read(run.checkpoint());
        log.accept("resuming " + dir + ": phase '" + saved.phase() + "', epoch " + saved.state().epoch() + ", "
                + saved.state().batch() + " batch(es) into it, after " + saved.state().step() + " step(s)");
        return train(r, run, resolveWeights(r), saved, listeners, log);
    }

    private static Pretrained.Resolved resolveWeights(TrainRequest r) {
        Architectures.get(r.arch()); // fail on a bad name before reading any data
        if (r.strategy().usesPretrained() && r.weights() == null) {
            throw new IllegalArgumentException("strategy " + r.strategy() + " starts from pretrained weights: give "
                    + "--weights FILE|TAG, or use --strategy scratch");
        }
        return r.strategy().usesPretrained() ? Pretrained.resolve(r.weights()) : null;
    }

    private static TrainSummary train(TrainRequest r, RunDir run, Pretrained.Resolved weights,
            Checkpointer.Saved saved, List<TrainListener> listeners, Consumer<String> log) {
        Data data = Datasets.open(r.data());
        log.accept("data: " + data.description());
        if (!data.skipped().isEmpty()) {
            log.accept("skipped " + data.skipped().size() + " unreadable image(s), e.g. " + data.skipped().get(0));
        }
        Preprocess pre = r.preprocess() != null ? r.preprocess()
                : weights != null && weights.spec() != null ? weights.spec().preprocess()
                : r.data().isFashionMnist() ? Preprocess.fashionMnist()
                : Preprocess.imagenet(Architectures.get(r.arch()).inputSize());
        try (NDManager manager = Engines.newManager()) {
            Network net = Models.build(r.arch(), data.labels().size(), r.head(), manager, r.train().seed());
            String loadMessage = loadWeights(r, weights, net, data.labels(), log);
            PeftRuns.Setup peft = PeftRuns.prepare(r, weights, net, log);
            Consumer<Network> save = peft == null ? n -> Safetensors.write(n.stateDict(), run.model())
                    : n -> peft.save(n, run.adapters());
            if (saved != null) {
                MetricsLog.rewrite(run, history(saved));
            }
            List<TrainListener> all = new ArrayList<>(listeners);
            all.add(0, new Checkpointer(run.checkpoint(), net, r.checkpointEvery(), saved));
            all.add(0, new MetricsLog(run, net, save));
            RecipeSetup setup = new RecipeSetup(net, data.train(), data.val(), pre, r.augment(), r.train(),
                    r.headEpochs(), r.lrMult(), r.threads(), all);
            RunWriter writer = new RunWriter(r, run, data, pre, weights, peft, net, save, loadMessage);
            RecipeResult result;
            try {
                result = Recipes.run(r.strategy(), setup);
            } catch (TrainingException e) {
                writer.write(null, e.getMessage()); // the best weights so far, marked; the checkpoint stays
                throw e;
            }
            boolean userStop = result.phases().stream().anyMatch(p -> GracefulStop.REASON.equals(p.stopReason()));
            return writer.write(result, userStop ? GracefulStop.REASON : null);
        }
    }

    private static String loadWeights(TrainRequest r, Pretrained.Resolved weights, Network net, List<String> labels,
            Consumer<String> log) {
        if (weights == null) {
            return null;
        }
        boolean otherClasses = weights.spec() != null && !weights.spec().labels().isEmpty()
                && !weights.spec().labels().equals(labels);
        WeightLoader.HeadMode mode = r.strict() ? WeightLoader.HeadMode.STRICT
                : otherClasses ? WeightLoader.HeadMode.REPLACE : WeightLoader.HeadMode.AUTO;
        LoadReport rep = WeightLoader.load(net, weights.dict(), weights.source(), mode);
        log.accept("weights: " + weights.source() + ": " + rep.describe());
        return rep.describe();
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
