package dev.graft.gen;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.graft.train.Ema;
import dev.graft.train.Trainer;
import dev.graft.weights.StateDict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generator training loop, shared by diffusion and GAN: batches drawn with replacement from
 * the training images, an exponential moving average of the generator, and (when a scorer is
 * given) a domain score every few steps. The best-scoring generator is snapshotted, training
 * stops after {@code patience} evaluations without improvement, and the best is restored at the
 * end. Every step runs under its own NDManager.
 */
public final class GenTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(GenTrainer.class);

    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private GenTrainer() {}

    /** What one family trains. */
    public interface Objective {
        /** The generator being trained; the trainer averages and snapshots its network. */
        Generator generator();

        /**
         * One optimisation step on a batch of images in [-1, 1].
         *
         * @return named losses of this step, e.g. {@code loss}, or {@code d_loss} and {@code g_loss}
         */
        Map<String, Double> step(NDManager sm, float[] batch, int n, long step, float lr);
    }

    /** A domain score: lower is better (the FID against held-out images of the domain). */
    @FunctionalInterface
    public interface Scorer {
        double score(Generator g);
    }

    /**
     * One point of the training curve.
     *
     * @param step optimizer steps done
     * @param losses mean losses since the previous point
     * @param score the domain score at this step, or NaN
     * @param seconds wall time since the start
     */
    public record Point(long step, Map<String, Double> losses, double score, double seconds) {}

    /**
     * How training ended.
     *
     * @param curve one point per evaluation
     * @param steps optimizer steps done
     * @param bestStep the step whose generator is now in place
     * @param bestScore its score (NaN without a scorer)
     * @param stopReason why training ended before its last step, or null
     * @param seconds wall time
     */
    public record Result(List<Point> curve, long steps, long bestStep, double bestScore, String stopReason,
            double seconds) {}

    /**
     * Trains, then leaves the chosen generator in place: the best-scoring moving average with a
     * scorer, else the final moving average.
     *
     * @param metrics a JSON-lines file that receives every point as it happens, or null
     */
    public static Result fit(Objective o, GenImages train, GenTrainConfig c, Scorer scorer, Path metrics) {
        Generator g = o.generator();
        NDManager parent = g.network().namedParams().values().iterator().next().array().getManager();
        // buffers and frozen weights follow the generator, and the warm-up counts the update it applies
        Ema ema = c.emaDecay() != 0 ? Ema.builder(g.network(), c.emaDecay()).optScope(Ema.Scope.TRAINABLE)
                .optWarmupStart(1).build() : null;
        Tracker t = new Tracker(g, ema, scorer, metrics);
        if (scorer != null) {
            t.checkpoint(0, 0);
        }
        long step = 0;
        String stop = null;
        while (step < c.steps()) {
            if (c.maxSeconds() > 0 && t.seconds() > c.maxSeconds()) {
                stop = "time budget of " + Math.round(c.maxSeconds()) + " s used up";
                if (step > t.recorded) {
                    t.checkpoint(step, 0); // the last steps still count
                }
                break;
            }
            float[] batch = train.gather(drawBatch(train.count(), c.batchSize(), c.seed(), step));
            try (NDManager sm = parent.newSubManager()) {
                t.add(o.step(sm, batch, c.batchSize(), step, c.lrAt(step)), step);
            }
            if (ema != null) {
                ema.update();
            }
            step++;
            boolean due = c.evalEvery() > 0 && step % c.evalEvery() == 0;
            if ((due || step == c.steps()) && t.checkpoint(step, c.patience())) {
                stop = "early stop: the domain score did not improve for " + c.patience() + " evaluations";
                break;
            }
        }
        return t.finish(step, stop);
    }

    /** The curve, the running loss means and the best generator so far. */
    private static final class Tracker {
        private final Generator g;
        private final Ema ema;
        private final Scorer scorer;
        private final Path metrics;
        private final long t0 = System.nanoTime();
        private final List<Point> curve = new ArrayList<>();
        private final Map<String, double[]> sums = new LinkedHashMap<>();
        private double best = Double.POSITIVE_INFINITY;
        private long bestStep;
        private StateDict bestWeights;
        private int sinceBest;
        long recorded;

        Tracker(Generator g, Ema ema, Scorer scorer, Path metrics) {
            this.g = g;
            this.ema = ema;
            this.scorer = scorer;
            this.metrics = metrics;
        }

        void add(Map<String, Double> losses, long step) {
            for (Map.Entry<String, Double> e : losses.entrySet()) {
                if (!Double.isFinite(e.getValue())) {
                    throw new IllegalStateException(e.getKey() + " became " + e.getValue() + " at step " + step
                            + "; lower the learning rate (`lr`)");
                }
                double[] acc = sums.computeIfAbsent(e.getKey(), k -> new double[2]);
                acc[0] += e.getValue();
                acc[1]++;
            }
        }

        /** Scores and records a point; true when {@code patience} (> 0) scores in a row did not improve. */
        boolean checkpoint(long step, int patience) {
            double s = scorer == null ? Double.NaN : averaged(ema, () -> scorer.score(g));
            record(curve, new Point(step, means(sums), s, seconds()), metrics);
            recorded = step;
            sums.clear();
            if (scorer == null) {
                return false;
            }
            if (s < best) {
                best = s;
                bestStep = step;
                bestWeights = averaged(ema, () -> g.network().stateDict());
                sinceBest = 0;
                return false;
            }
            return ++sinceBest >= patience && patience > 0;
        }

        /** Leaves the best-scoring average in place (or, without a scorer, the final one). */
        Result finish(long steps, String stop) {
            if (bestWeights != null) {
                Trainer.restore(g.network(), bestWeights);
                return new Result(curve, steps, bestStep, best, stop, seconds());
            }
            if (ema != null) {
                Trainer.restore(g.network(), ema.stateDict());
            }
            return new Result(curve, steps, steps, Double.NaN, stop, seconds());
        }

        double seconds() {
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    /** Indices of one batch, drawn with replacement from a stream keyed by (seed, step). */
    static int[] drawBatch(int count, int batch, long seed, long step) {
        SplittableRandom rng = Noise.stream(seed ^ 0x5DEECE66DL, step);
        int[] idx = new int[batch];
        for (int i = 0; i < batch; i++) {
            idx[i] = rng.nextInt(count);
        }
        return idx;
    }

    /** Runs {@code body} with the moving average in the generator (the weights themselves when it is off). */
    private static <T> T averaged(Ema ema, Supplier<T> body) {
        return ema == null ? body.get() : ema.withAveraged(body);
    }

    private static Map<String, Double> means(Map<String, double[]> sums) {
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((k, v) -> out.put(k, v[0] / Math.max(1, v[1])));
        return out;
    }

    private static void record(List<Point> curve, Point p, Path metrics) {
        curve.add(p);
        StringBuilder sb = new StringBuilder("step " + p.step());
        p.losses().forEach((k, v) -> sb.append(String.format(" %s %.4f", k, v)));
        if (!Double.isNaN(p.score())) {
            sb.append(String.format(" score %.2f", p.score()));
        }
        LOG.info(sb.append(String.format(" (%.0f s)", p.seconds())).toString());
        if (metrics != null) {
            try {
                Files.writeString(metrics, GSON.toJson(p) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to " + metrics, e);
            }
        }
    }
}
