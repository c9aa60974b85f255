package dev.graft.job;

import dev.graft.calibration.Calibration;
import dev.graft.calibration.Rejection;
import dev.graft.data.Data;
import dev.graft.data.Preprocess;
import dev.graft.eval.Evaluation;
import dev.graft.eval.Evaluator;
import dev.graft.eval.Outputs;
import dev.graft.model.Network;
import dev.graft.model.Pretrained;
import dev.graft.recipe.RecipeResult;
import dev.graft.run.RunDir;
import dev.graft.run.RunInfo;
import dev.graft.run.Versions;
import dev.graft.io.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Ends a training run: its weights, its evaluation, and {@code graft.json}. */
final class RunWriter {
    private final TrainRequest r;
    private final RunDir run;
    private final Data data;
    private final Preprocess pre;
    private final Pretrained.Resolved weights;
    private final PeftRuns.Setup peft;
    private final Network net;
    private final Consumer<Network> save;
    private final String loadMessage;

    RunWriter(TrainRequest r, RunDir run, Data data, Preprocess pre, Pretrained.Resolved weights, PeftRuns.Setup peft,
            Network net, Consumer<Network> save, String loadMessage) {
        this.r = r;
        this.run = run;
        this.data = data;
        this.pre = pre;
        this.weights = weights;
        this.peft = peft;
        this.net = net;
        this.save = save;
        this.loadMessage = loadMessage;
    }

    /**
     * Saves the network (which holds its best weights), evaluates it and writes {@code graft.json}.
     * A run that finished drops its checkpoint; a stopped one keeps it for {@code --resume} and
     * skips the test set, so a Ctrl-C does not wait for a long evaluation.
     *
     * @param result the recipe's result, or null when training failed
     * @param stopped why training ended early, or null when it finished
     */
    TrainSummary write(RecipeResult result, String stopped) {
        save.accept(net);
        Outputs valOutputs = Evaluator.outputs(net, data.val(), pre, r.threads(), r.tta());
        Evaluation val = Evaluator.detailed(valOutputs, 1).evaluation();
        // the temperature and the rejection threshold come from the validation images, as Guo et al. fit them
        Calibration calibration = Calibration.fit(valOutputs, Rejection.DEFAULT_ACCEPT_RATE);
        Evaluation test = data.test() == null || stopped != null ? null
                : Evaluator.evaluate(net, data.test(), pre, r.threads(), r.tta());
        RunInfo info = info(result, val, test, stopped).withCalibration(calibration);
        run.writeInfo(info);
        if (stopped == null) {
            try {
                Files.deleteIfExists(run.checkpoint());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + run.checkpoint(), e);
            }
        }
        return new TrainSummary(run, info, result, val, test, loadMessage);
    }

    private RunInfo info(RecipeResult result, Evaluation val, Evaluation test, String stopped) {
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
        if (peft != null) {
            config.put("peft", r.peft().toString());
        }
        Map<String, Double> res = new LinkedHashMap<>();
        if (result != null) {
            res.put("bestEpoch", (double) result.last().bestEpoch());
        }
        res.put("valAccuracy", val.accuracy());
        res.put("valLoss", val.loss());
        if (test != null) {
            res.put("testAccuracy", test.accuracy());
            res.put("testMacroF1", test.macroF1());
        }
        if (result != null) {
            res.put("trainSeconds", result.seconds());
        }
        res.put("trainableParams", (double) net.countTrainable());
        res.put("totalParams", (double) net.countParams());
        RunInfo.Base base = weights == null ? null : new RunInfo.Base(
                peft == null ? weights.source() : PeftRuns.recordedSource(weights.source()), weights.sha256(),
                weights.spec() == null ? null : weights.spec().description());
        RunInfo.DataInfo di = new RunInfo.DataInfo(data.description(), data.train().fingerprint(),
                data.val().fingerprint(), data.train().size(), data.val().size(), data.skipped());
        Path file = peft == null ? run.model() : run.adapters();
        return new RunInfo(dev.graft.Graft.RUN_FORMAT, Instant.now().toString(), Versions.current(), r.arch(),
                r.head(), base, data.labels(), pre, r.strategy().toString(), config, r.train().seed(), di, res,
                new RunInfo.FileRef(file.getFileName().toString(), sha256(file)), peft == null ? null : peft.info(),
                stopped, script(r.arch()));
    }

    /** The TorchScript program an architecture is cut from, by absolute path and sha256; null for others. */
    private static RunInfo.FileRef script(String arch) {
        String sha = RunInputs.scriptSha(arch);
        return sha == null ? null : new RunInfo.FileRef(Path.of(arch.substring(
                dev.graft.model.TorchScriptNetwork.PREFIX.length(), arch.lastIndexOf('#'))).toAbsolutePath()
                .normalize().toString(), sha);
    }

    static String sha256(Path file) {
        try {
            return Hashing.sha256(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
