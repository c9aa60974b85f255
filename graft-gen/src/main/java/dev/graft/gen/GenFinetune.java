package dev.graft.gen;

import dev.graft.check.Checks;

import dev.graft.engine.Engines;
import dev.graft.gen.ddpm.Ddpm;
import dev.graft.gen.ddpm.DdpmObjective;
import dev.graft.gen.gan.Gan;
import dev.graft.gen.gan.GanObjective;
import dev.graft.gen.score.GenClassifier;
import dev.graft.gen.score.GenScorer;
import dev.graft.gen.tune.GenStrategies;
import dev.graft.gen.tune.GenStrategy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code graft gen finetune}: adapts a pretrained generator to a target domain from N images.
 * The domain score (FID of a fixed-seed sample against held-out target images) is measured every
 * few steps; training stops when it stops improving and the best generator is restored and saved.
 */
public final class GenFinetune {
    private static final Logger LOG = LoggerFactory.getLogger(GenFinetune.class);

    private GenFinetune() {}

    /**
     * Everything a fine-tuning needs.
     *
     * @param base the pretrained generator's run folder (its shape is used even for scratch)
     * @param data data spec of the target domain, e.g. {@code fashion-mnist:9}
     * @param images N, the training images to use
     * @param strategy scratch, full, freeze-lower:K, lora[:r] or freezed:K
     * @param train steps, batch, learning rate, evaluation interval, patience and seed
     * @param evalSamplingSteps DDIM steps of the evaluation samples (ddpm; fewer is faster)
     * @param classifier the classifier file, or null for the cached/bundled one
     * @param out the run folder
     * @param force replace an existing run folder
     * @param threads libtorch threads (0 = libtorch's default)
     */
    public record Request(Path base, String data, int images, GenStrategy strategy, GenTrainConfig train,
            int evalSamplingSteps, Path classifier, Path out, boolean force, int threads) {
        public Request {
            Checks.range("images", images, 1, 10_000_000);
            Checks.range("evalSamplingSteps", evalSamplingSteps, 1, 100_000);
            dev.graft.run.OutputFolder.checkOut(out);
            Engines.checkThreads("threads", threads, true);
        }
    }

    /** What a fine-tuning produced. */
    public record Outcome(GenInfo info, GenTrainer.Result result, GenRun run) {}

    /** Training defaults per family and strategy, sized for minutes on a CPU. */
    public static GenTrainConfig defaults(GenKind kind, GenStrategy s) {
        boolean fresh = s.kind() == GenStrategy.Kind.SCRATCH || s.kind() == GenStrategy.Kind.LORA;
        GenTrainConfig.Builder b = GenTrainConfig.builder().steps(300).batchSize(32).warmupSteps(20).emaDecay(0.99f)
                .evalEvery(50).evalSamples(100).patience(3);
        if (kind == GenKind.DDPM) {
            // new weights (random or zero-initialised adapters) need a larger step than pretrained ones
            return b.lr(fresh ? 1e-3f : 5e-4f).build();
        }
        return b.lr(fresh ? 5e-4f : 2e-4f).build();
    }

    public static Outcome run(Request r) {
        Engines.start(r.threads());
        GenRun baseRun = GenRun.open(r.base());
        GenInfo baseInfo = baseRun.readInfo();
        GenData data = GenData.open(r.data(), r.images(), GenData.TARGET_VAL_PER_CLASS, r.train().seed());
        Map<String, Path> inputs = new LinkedHashMap<>(GenData.paths(r.data()));
        inputs.put("`base`", baseRun.dir());
        if (r.classifier() != null) {
            inputs.put("`classifier`", r.classifier());
        }
        GenRun run = GenRun.create(r.out(), r.force(), inputs);
        LOG.info("data: " + data.description());
        try (GenModel model = r.strategy().usesBase() ? GenModel.open(baseRun)
                : GenModel.likeRun(baseInfo, r.train().seed());
                GenClassifier classifier = GenClassifier.open(r.classifier())) {
            Generator g = model.generator();
            String applied = GenStrategies.apply(r.strategy(), g, r.train().seed());
            LOG.info("strategy " + r.strategy() + ": " + applied);
            GenTrainer.Objective objective = g instanceof Ddpm ddpm
                    ? new DdpmObjective(ddpm, Map.of(), 1f, r.train().seed())
                    : new GanObjective((Gan) g, Map.of(), 1f, r.train().seed());
            GenScorer scorer = new GenScorer(classifier, data.val(), data.train(), data.classes());
            int samplingSteps = g instanceof Ddpm d ? d.samplingSteps() : 0;
            if (g instanceof Ddpm d) {
                d.setSamplingSteps(r.evalSamplingSteps());
            }
            GenTrainer.Result result = GenTrainer.fit(objective, data.train(), r.train(),
                    scorer.domainScore(r.train().evalSamples(), 1), run.metrics());
            if (g instanceof Ddpm d) {
                d.setSamplingSteps(samplingSteps);
            }
            GenPlots.curve(Map.of(r.strategy().toString(), result.curve()), "domain score (FID vs "
                    + data.val().count() + " validation images) - " + r.strategy() + ", N=" + data.train().count(),
                    run.file(GenRun.CURVE));
            Map<String, String> config = new LinkedHashMap<>();
            config.put("train", r.train().toString());
            config.put("evalSamplingSteps", Integer.toString(r.evalSamplingSteps()));
            config.put("classifier", classifier.source() + " sha256 " + classifier.sha256());
            config.put("threads", Integer.toString(r.threads()));
            GenInfo.Base base = r.strategy().usesBase() ? new GenInfo.Base(baseRun.dir().toAbsolutePath().toString(),
                    GenSaver.sha(baseRun.model()), baseInfo.strategy(), baseInfo.data().description()) : null;
            GenInfo info = GenSaver.save(run, model, base, r.strategy().toString(), config, r.train().seed(), r.data(),
                    data, result, null);
            run = run.commit();
            LOG.info(String.format("best domain score %.2f at step %d of %d%s; saved %s", result.bestScore(),
                    result.bestStep(), result.steps(), result.stopReason() == null ? "" : " (" + result.stopReason()
                    + ")", run.dir()));
            return new Outcome(info, result, run);
        }
    }
}
