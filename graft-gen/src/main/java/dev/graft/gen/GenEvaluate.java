package dev.graft.gen;

import dev.graft.check.Checks;

import dev.graft.engine.Engines;
import dev.graft.gen.ddpm.Ddpm;
import dev.graft.gen.score.GenClassifier;
import dev.graft.gen.score.GenScore;
import dev.graft.gen.score.GenScorer;
import dev.graft.run.RunDir;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code graft gen sample} and {@code graft gen score}: what a saved generator draws, and how well. */
public final class GenEvaluate {
    private static final Logger LOG = LoggerFactory.getLogger(GenEvaluate.class);

    private GenEvaluate() {}

    /**
     * Draws a seeded grid of samples into a PNG.
     *
     * @param steps DDIM steps (ddpm; 0 = the run's default)
     * @return the images drawn, [n, 1, 28, 28] in [-1, 1]
     */
    public static float[] sample(Path runDir, int n, long seed, int steps, int cols, Path png, int threads) {
        Checks.range("n", n, 1, 100_000);
        Checks.atLeast("steps", steps, 0);
        Checks.range("cols", cols, 1, 10_000);
        Engines.start(threads);
        try (GenModel model = GenModel.open(GenRun.open(runDir))) {
            Generator g = model.generator();
            if (steps > 0 && g instanceof Ddpm d) {
                d.setSamplingSteps(steps);
            }
            float[] images = g.sample(n, seed);
            GenGrid.write(images, n, g.imageShape()[1], cols, 2, png);
            return images;
        }
    }

    /**
     * What scoring needs.
     *
     * @param run the generator's run folder
     * @param data the target data spec (null = the run's own); its test split is the reference
     * @param samples images to draw (default 500 in the CLI)
     * @param bootstraps FID bootstrap resamples (default 200)
     * @param steps DDIM steps (ddpm; 0 = the run's default)
     * @param seed sampling and bootstrap seed
     * @param classifier classifier file, or null for the cached/bundled one
     * @param out JSON file to write (null = score.json in the run folder)
     */
    public record ScoreRequest(Path run, String data, int samples, int bootstraps, int steps, long seed,
            Path classifier, Path out, int threads) {
        public ScoreRequest {
            Checks.range("samples", samples, 2, 1_000_000);
            Checks.range("bootstraps", bootstraps, 0, 1_000_000);
            Checks.atLeast("steps", steps, 0);
            Engines.checkThreads("threads", threads, true);
        }
    }

    /** Scores a run against held-out target images and writes the JSON. */
    public static GenScore score(ScoreRequest r) {
        Engines.start(r.threads());
        GenRun run = GenRun.open(r.run());
        GenInfo info = run.readInfo();
        String spec = r.data() != null ? r.data() : info.data().spec();
        boolean same = spec.equals(info.data().spec());
        // the run's own N images and seed pick out exactly the images it trained on
        int val = "pretrain".equals(info.strategy()) && same ? GenData.SOURCE_VAL_PER_CLASS
                : GenData.TARGET_VAL_PER_CLASS;
        GenData data = GenData.open(spec, same ? info.data().images() : 0, val, info.seed());
        try (GenModel model = GenModel.open(run); GenClassifier classifier = GenClassifier.open(r.classifier())) {
            Generator g = model.generator();
            if (r.steps() > 0 && g instanceof Ddpm d) {
                d.setSamplingSteps(r.steps());
            }
            long t0 = System.nanoTime();
            float[] images = g.sample(r.samples(), r.seed());
            double sampleSeconds = (System.nanoTime() - t0) / 1e9;
            LOG.info(String.format("drew %d samples in %.0f s", r.samples(), sampleSeconds));
            GenScorer scorer = new GenScorer(classifier, data.test(), data.train(), data.classes());
            GenScore score = scorer.score(images, r.samples(), r.bootstraps(), r.seed());
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("run", run.dir().toString());
            json.put("strategy", info.strategy());
            json.put("data", data.description());
            json.put("classifier", classifier.source());
            json.put("classifierSha256", classifier.sha256());
            json.put("samplingSteps", g instanceof Ddpm d ? d.samplingSteps() : 0);
            json.put("seed", r.seed());
            json.put("sampleSeconds", sampleSeconds);
            json.put("score", score);
            Path out = r.out() != null ? r.out() : run.file(GenRun.SCORE);
            RunDir.writeJson(out, json);
            return score;
        }
    }
}
