package dev.graft.job;

import ai.djl.ndarray.NDManager;
import dev.graft.data.Data;
import dev.graft.data.Preprocess;
import dev.graft.engine.Engines;
import dev.graft.eval.Evaluation;
import dev.graft.eval.Evaluator;
import dev.graft.model.Network;
import dev.graft.model.Pretrained;
import dev.graft.recipe.RecipeResult;
import dev.graft.recipe.RecipeSetup;
import dev.graft.recipe.Recipes;
import dev.graft.run.MetricsLog;
import dev.graft.run.RunDir;
import dev.graft.run.RunInfo;
import dev.graft.run.Versions;
import dev.graft.train.TrainListener;
import dev.graft.train.TrainableReport;
import dev.graft.weights.Hashing;
import dev.graft.weights.Safetensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** {@code graft train}: data, network, weights, recipe, evaluation, and the run folder. */
public final class TrainJob {
    private TrainJob() {}

    /**
     * Runs one training request end to end.
     *
     * @param log receives one-line progress messages (loading, head replacement, skipped files)
     */
    public static TrainSummary run(TrainRequest r, List<TrainListener> listeners, Consumer<String> log) {
        Engines.start(r.threads());
        Pretrained.Resolved weights = TrainInputs.weights(r);
        RunDir run = RunDir.create(r.out(), r.force());
        Data data = TrainInputs.data(r, log);
        Preprocess pre = TrainInputs.preprocess(r, weights);
        try (NDManager manager = Engines.newManager()) {
            Network net = Models.build(r.arch(), data.labels().size(), r.head(), manager, r.train().seed());
            String loadMessage = TrainInputs.load(net, r, data, weights, log);
            List<TrainListener> all = new ArrayList<>(listeners);
            all.add(0, new MetricsLog(run, net));
            if (r.trainableReport()) {
                all.add(TrainableReport.printer(net, log));
            }
            RecipeSetup setup = new RecipeSetup(net, data.train(), data.val(), pre, r.augment(), r.train(),
                    r.headEpochs(), r.lrMult(), r.threads(), all, r.tuning());
            RecipeResult result = Recipes.run(r.strategy(), setup);
            Safetensors.write(net.stateDict(), run.model());
            Evaluation val = Evaluator.evaluate(net, data.val(), pre, r.threads(), r.tta());
            Evaluation test = data.test() == null ? null
                    : Evaluator.evaluate(net, data.test(), pre, r.threads(), r.tta());
            RunInfo info = info(r, data, pre, weights, result, val, test, run);
            run.writeInfo(info);
            return new TrainSummary(run, info, result, val, test, loadMessage);
        }
    }

    private static RunInfo info(TrainRequest r, Data data, Preprocess pre, Pretrained.Resolved weights,
            RecipeResult result, Evaluation val, Evaluation test, RunDir run) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("train", r.train().toString());
        config.put("augment", r.augment().toString());
        config.put("headEpochs", Integer.toString(r.headEpochs()));
        config.put("lrMult", Float.toString(r.lrMult()));
        config.put("data", r.data().toString());
        config.put("threads", Integer.toString(r.threads()));
        config.put("tuning", r.tuning().toString());
        config.put("classWeights", r.tuning().classWeights(data.train()).toString());
        config.put("tta", Boolean.toString(r.tta()));
        config.put("savedWeights", r.train().emaDecay() > 0
                ? "EMA of the weights (decay " + r.train().emaDecay() + "), the copy validation selected"
                : "the trained weights of the best validation epoch");
        Map<String, Double> res = new LinkedHashMap<>();
        res.put("bestEpoch", (double) result.last().bestEpoch());
        res.put("valAccuracy", val.accuracy());
        res.put("valLoss", val.loss());
        if (test != null) {
            res.put("testAccuracy", test.accuracy());
            res.put("testMacroF1", test.macroF1());
        }
        res.put("trainSeconds", result.seconds());
        res.put("trainableParams", (double) result.trainableParams());
        res.put("totalParams", (double) result.totalParams());
        RunInfo.Base base = weights == null ? null : new RunInfo.Base(weights.source(), weights.sha256(),
                weights.spec() == null ? null : weights.spec().description());
        RunInfo.DataInfo di = new RunInfo.DataInfo(data.description(), data.train().fingerprint(),
                data.val().fingerprint(), data.train().size(), data.val().size(), data.skipped());
        String modelSha;
        try {
            modelSha = Hashing.sha256(run.model());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RunInfo(dev.graft.Graft.RUN_FORMAT, Instant.now().toString(), Versions.current(), r.arch(),
                r.head(), base, data.labels(), pre, r.strategy().toString(), config, r.train().seed(), di, res,
                new RunInfo.FileRef(RunDir.MODEL, modelSha));
    }
}
