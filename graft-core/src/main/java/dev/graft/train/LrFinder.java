package dev.graft.train;

import dev.graft.check.Checks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.graft.engine.Engines;
import dev.graft.nn.Ctx;
import dev.graft.nn.Module;
import dev.graft.weights.StateDict;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The learning-rate range test (Smith 2015; fastai's {@code lr_find}): train for a few hundred
 * steps while the learning rate grows exponentially from {@code startLr} to {@code endLr},
 * record the loss smoothed as fastai does, and stop once it exceeds {@code divergeFactor} times
 * its minimum. The module's weights and BatchNorm statistics are restored afterwards, bit for bit.
 *
 * <p>It suggests the learning rate at the minimum of the smoothed loss divided by 10 (fastai's
 * {@code minimum} rule, robust on noisy curves) and also reports the steepest descent. Both skip
 * the first tenth of the steps and the last five, as fastai does.
 */
public final class LrFinder {
    private final double startLr;
    private final double endLr;
    private final int steps;
    private final double smoothing;
    private final double divergeFactor;

    /**
     * One recorded step.
     *
     * @param lr the learning rate used
     * @param loss that batch's training loss
     * @param smoothed the debiased exponential average of the losses so far
     */
    public record Point(double lr, double loss, double smoothed) {}

    /**
     * The curve and what it suggests.
     *
     * @param points every step run
     * @param suggestion the minimum of the smoothed loss divided by 10 (NaN with too few steps)
     * @param steepest where the smoothed loss falls fastest per unit of log lr (NaN with too few steps)
     * @param stopReason why the sweep ended
     */
    public record Result(List<Point> points, double suggestion, double steepest, String stopReason) {}

    private LrFinder(Builder b) {
        this.startLr = b.startLr;
        this.endLr = b.endLr;
        this.steps = b.steps;
        this.smoothing = b.smoothing;
        this.divergeFactor = b.divergeFactor;
    }

    /** The sweep's first learning rate unless set. */
    public static final double DEFAULT_START_LR = 1e-7;
    /** The sweep's last learning rate unless set. */
    public static final double DEFAULT_END_LR = 10;
    /** Steps of the sweep unless set. */
    public static final int DEFAULT_STEPS = 200;

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the sweep over the trainable parameters of {@code model}, batches from {@code data}'s
     * training epochs, with {@code cfg}'s optimizer, loss options and BatchNorm policy.
     */
    public Result run(Module model, Batches data, TrainConfig cfg, Map<String, Float> lrMult) {
        StateDict before = model.stateDict();
        try {
            return sweep(model, data, cfg, lrMult);
        } finally {
            Trainer.restore(model, before);
        }
    }

    private Result sweep(Module model, Batches data, TrainConfig cfg, Map<String, Float> lrMult) {
        Engines.seed(cfg.seed());
        Optimizer opt = new Optimizer(cfg.optimizer(), cfg.momentum(), cfg.weightDecay());
        opt.setParams(model.namedParams(), lrMult);
        NDManager parent = model.namedParams().values().iterator().next().array().getManager();
        Ctx ctx = Ctx.train(cfg.bnPolicy());
        List<Point> points = new ArrayList<>();
        double avg = 0;
        double best = Double.POSITIVE_INFINITY;
        String stop = "reached the end learning rate " + endLr;
        int epoch = 1;
        Iterator<TensorBatch> it = data.train(epoch);
        for (int i = 0; i < steps; i++) {
            if (!it.hasNext()) {
                it = data.train(++epoch);
                if (!it.hasNext()) {
                    throw new IllegalArgumentException("no training batches for the range test");
                }
            }
            TensorBatch b = it.next();
            if (b.size() == 0) {
                i--; // every image of this batch failed to decode
                continue;
            }
            double lr = startLr * Math.pow(endLr / startLr, (double) i / Math.max(1, steps - 1));
            double loss;
            try (NDManager sm = parent.newSubManager()) {
                NDArray x = sm.create(b.x(), new Shape(b.shape()));
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray l = Losses.forBatch(model.forward(x, ctx), b, cfg);
                    loss = l.getFloat();
                    if (!Double.isFinite(loss)) {
                        stop = "the loss became " + loss + " at lr " + (float) lr;
                        break;
                    }
                    gc.backward(l);
                }
                opt.step((float) lr, 1f);
            }
            avg = smoothing * avg + (1 - smoothing) * loss;
            double smoothed = avg / (1 - Math.pow(smoothing, i + 1));
            points.add(new Point(lr, loss, smoothed));
            best = Math.min(best, smoothed);
            if (smoothed > divergeFactor * best) {
                stop = "diverged at lr " + (float) lr + " (smoothed loss above " + divergeFactor + "x its minimum)";
                break;
            }
        }
        double[] s = suggest(points);
        return new Result(List.copyOf(points), s[0], s[1], stop);
    }

    /**
     * The two suggestions for a curve, {minimum/10, steepest}, over the points without the first
     * tenth and the last five; NaNs when fewer than three points remain. The slope is a central
     * difference over a window of a twentieth of the points each side (at least one), since
     * step-to-step differences of a noisy curve point anywhere.
     */
    public static double[] suggest(List<Point> points) {
        int from = points.size() / 10;
        int to = points.size() - 5;
        if (to - from < 3) {
            return new double[] {Double.NaN, Double.NaN};
        }
        int min = from;
        for (int i = from; i < to; i++) {
            if (points.get(i).smoothed() < points.get(min).smoothed()) {
                min = i;
            }
        }
        int w = Math.max(1, points.size() / 20);
        int steep = -1;
        double steepest = Double.POSITIVE_INFINITY;
        for (int i = from + w; i + w < to; i++) {
            Point lo = points.get(i - w);
            Point hi = points.get(i + w);
            double g = (hi.smoothed() - lo.smoothed()) / (Math.log(hi.lr()) - Math.log(lo.lr()));
            if (g < steepest) {
                steepest = g;
                steep = i;
            }
        }
        return new double[] {points.get(min).lr() / 10, steep < 0 ? Double.NaN : points.get(steep).lr()};
    }

    /** Builder; every option has fastai's default or close to it. */
    public static final class Builder {
        private double startLr = DEFAULT_START_LR;
        private double endLr = DEFAULT_END_LR;
        private int steps = DEFAULT_STEPS;
        private double smoothing = 0.98;
        private double divergeFactor = 4;

        /** First learning rate (default 1e-7). */
        public Builder optStartLr(double v) { startLr = v; return this; }
        /** Last learning rate (default 10). */
        public Builder optEndLr(double v) { endLr = v; return this; }
        /** Steps of the sweep, cycling through epochs as needed (default 200). */
        public Builder optSteps(int v) { steps = v; return this; }
        /** Weight of the old average in the loss smoothing (default 0.98). */
        public Builder optSmoothing(double v) { smoothing = v; return this; }
        /** Stop once the smoothed loss exceeds this multiple of its minimum (default 4). */
        public Builder optDivergeFactor(double v) { divergeFactor = v; return this; }

        public LrFinder build() {
            Checks.positive("startLr", startLr);
            Checks.range("endLr", endLr, startLr, true, 1e6, false);
            Checks.range("steps", steps, 2, 1_000_000);
            Checks.range("smoothing", smoothing, 0, false, 1, true);
            Checks.range("divergeFactor", divergeFactor, 1, true, 1e6, false);
            return new LrFinder(this);
        }
    }
}
