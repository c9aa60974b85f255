package dev.graft.gen.study;

import dev.graft.check.Checks;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.graft.engine.Engines;
import dev.graft.gen.GenData;
import dev.graft.gen.GenEvaluate;
import dev.graft.gen.GenFinetune;
import dev.graft.gen.GenGrid;
import dev.graft.gen.GenInfo;
import dev.graft.gen.GenKind;
import dev.graft.gen.GenPlots;
import dev.graft.gen.GenRun;
import dev.graft.gen.GenTrainConfig;
import dev.graft.gen.GenTrainer;
import dev.graft.gen.score.GenScore;
import dev.graft.gen.tune.GenStrategy;
import dev.graft.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code graft gen study}: scratch against full fine-tuning, freeze-lower and LoRA (and FreezeD
 * for GANs) at several N, every cell scored on the same held-out target images. Writes
 * {@code results.md}, {@code results.csv}, {@code results.json}, a side-by-side sample grid and
 * an FID-against-step chart per N. With {@code resume}, cells already scored are read back.
 */
public final class GenStudy {
    private static final Logger LOG = LoggerFactory.getLogger(GenStudy.class);

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();
    private static final int GRID = 32;

    private GenStudy() {}

    /**
     * The study's grid and settings.
     *
     * @param base run folder of the pretrained generator
     * @param data target data spec, e.g. {@code fashion-mnist:9}
     * @param sizes the values of N
     * @param strategies the strategies to compare
     * @param tune changes applied to each strategy's default training config (steps, batch, …)
     * @param evalSamplingSteps ddpm: DDIM steps of the early-stopping samples
     * @param scoreSamples images drawn for each final score
     * @param bootstraps FID bootstrap resamples
     * @param scoreSteps ddpm: DDIM steps of the final samples (0 = the run's default)
     * @param classifier classifier file, or null
     * @param out the study folder
     * @param resume reuse cells that already have a score
     */
    public record Request(Path base, String data, int[] sizes, List<GenStrategy> strategies,
            UnaryOperator<GenTrainConfig.Builder> tune, int evalSamplingSteps, int scoreSamples, int bootstraps,
            int scoreSteps, Path classifier, Path out, boolean resume, int threads) {
        public Request {
            Checks.require(sizes != null && sizes.length > 0, "sizes", "at least one N", null);
            for (int n : sizes) {
                Checks.range("sizes", n, 1, 10_000_000);
            }
            Checks.require(java.util.Arrays.stream(sizes).distinct().count() == sizes.length, "sizes", "distinct sizes",
                    java.util.Arrays.toString(sizes));
            Checks.range("evalSamplingSteps", evalSamplingSteps, 1, 100_000);
            Checks.range("scoreSamples", scoreSamples, 2, 1_000_000);
            Checks.range("bootstraps", bootstraps, 0, 1_000_000);
            Checks.atLeast("scoreSteps", scoreSteps, 0);
            dev.graft.run.OutputFolder.checkOut(out);
            Engines.checkThreads("threads", threads, true);
        }
    }

    public static List<StudyRow> run(Request r) {
        Engines.start(r.threads());
        GenInfo baseInfo = GenRun.open(r.base()).readInfo();
        List<StudyRow> rows = new ArrayList<>();
        Path baseScore = r.out().resolve("base-score.json");
        GenScore bs = r.resume() && Files.isRegularFile(baseScore) ? readScore(baseScore)
                : GenEvaluate.score(new GenEvaluate.ScoreRequest(r.base(), r.data(), r.scoreSamples(), r.bootstraps(),
                        r.scoreSteps(), 0, r.classifier(), baseScore, r.threads()));
        rows.add(new StudyRow(0, "base (no tuning)", 0, 0, 0, 0, 0, bs, r.base().toString()));
        LOG.info("base generator on the target: FID " + String.format("%.2f", bs.fid()));
        for (int n : r.sizes()) {
            Map<String, List<GenTrainer.Point>> curves = new LinkedHashMap<>();
            List<float[]> grids = new ArrayList<>();
            List<String> titles = new ArrayList<>();
            // the fine-tuning's seed picks the same N images it trains on
            GenData data = GenData.open(r.data(), n, GenData.TARGET_VAL_PER_CLASS, r.tune().apply(GenTrainConfig.builder()).build().seed());
            grids.add(data.train().gather(firstIndices(Math.min(GRID, n))));
            titles.add("training images (N=" + n + ")");
            grids.add(GenEvaluate.sample(r.base(), GRID, 0, r.scoreSteps(), 8, r.out().resolve("tmp-grid.png"),
                    r.threads()));
            titles.add("base (no tuning)");
            for (GenStrategy s : r.strategies()) {
                Path dir = r.out().resolve("n" + n).resolve(s.toString().replace(':', '-'));
                StudyRow row = cell(r, baseInfo.kind(), s, n, dir);
                rows.add(row);
                curves.put(s.toString(), readCurve(GenRun.open(dir).metrics()));
                grids.add(GenEvaluate.sample(dir, GRID, 0, r.scoreSteps(), 8, dir.resolve("grid.png"), r.threads()));
                titles.add(s + String.format(" FID %.1f", row.score().fid()));
                write(r, rows, baseInfo);
            }
            GenGrid.writeSideBySide(grids, titles, GRID, 28, 8, 2, r.out().resolve("grids_n" + n + ".png"));
            GenPlots.curve(curves, "domain score during fine-tuning, N=" + n + " (FID vs validation images)",
                    r.out().resolve("curves_n" + n + ".png"));
        }
        try {
            Files.deleteIfExists(r.out().resolve("tmp-grid.png"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(r, rows, baseInfo);
        return rows;
    }

    private static StudyRow cell(Request r, GenKind kind, GenStrategy s, int n, Path dir) {
        Path scoreFile = dir.resolve(GenRun.SCORE);
        if (!(r.resume() && Files.isRegularFile(scoreFile))) {
            LOG.info("== N=" + n + ", " + s);
            GenTrainConfig cfg = r.tune().apply(GenFinetune.defaults(kind, s).toBuilder()).build();
            GenFinetune.run(new GenFinetune.Request(r.base(), r.data(), n, s, cfg, r.evalSamplingSteps(),
                    r.classifier(), dir, true, r.threads()));
            GenScore sc = GenEvaluate.score(new GenEvaluate.ScoreRequest(dir, null, r.scoreSamples(), r.bootstraps(),
                    r.scoreSteps(), 0, r.classifier(), null, r.threads()));
            LOG.info(sc.describe());
        }
        GenInfo info = GenRun.open(dir).readInfo();
        Map<String, Double> res = info.result();
        return new StudyRow(n, s.toString(), res.get("trainableParams").longValue(),
                res.get("totalParams").longValue(), res.get("steps").longValue(), res.get("bestStep").longValue(),
                res.get("seconds"), readScore(scoreFile), dir.toString());
    }

    private static void write(Request r, List<StudyRow> rows, GenInfo base) {
        String setup = "Base: " + r.base() + " (" + base.kind() + ", " + base.data().description() + "). Target: "
                + r.data() + ". Each cell: fine-tuned on N target training images, early-stopped on FID against "
                + "held-out validation images, then scored with " + r.scoreSamples() + " samples against the target "
                + "test images (" + r.bootstraps() + " bootstrap resamples).";
        AtomicFiles.writeString(r.out().resolve("results.md"), StudyReport.markdown("Generative fine-tuning study",
                setup, rows));
        AtomicFiles.writeString(r.out().resolve("results.csv"), StudyReport.csv(rows));
        AtomicFiles.writeString(r.out().resolve("results.json"), GSON.toJson(rows));
    }

    private static GenScore readScore(Path file) {
        try {
            var obj = GSON.fromJson(Files.readString(file), com.google.gson.JsonObject.class);
            return GSON.fromJson(obj.get("score"), GenScore.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The points a run's {@code metrics.jsonl} recorded. */
    static List<GenTrainer.Point> readCurve(Path metrics) {
        List<GenTrainer.Point> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(metrics)) {
                if (!line.isBlank()) {
                    out.add(GSON.fromJson(line, GenTrainer.Point.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metrics, e);
        }
        return out;
    }

    private static int[] firstIndices(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }
}
