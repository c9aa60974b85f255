package dev.graft.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.graft.engine.Engines;
import dev.graft.nn.Ctx;
import dev.graft.nn.Module;
import dev.graft.nn.Param;
import dev.graft.weights.HostTensor;
import dev.graft.weights.StateDict;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The training loop. It trains the unfrozen parameters of a module, validates after every
 * epoch, snapshots the weights whenever the monitored metric (validation loss or accuracy)
 * improves, and always ends with the best snapshot restored: after early stopping, after the
 * last epoch, or after a stop request. With EMA on, validation and snapshots use the average.
 * Each step runs under its own NDManager, so memory stays flat however long training runs.
 */
public final class Trainer implements TrainContext {
    private final Module model;
    private final TrainConfig config;
    private final String phase;
    private final Map<String, Float> lrMult;
    private final List<TrainListener> listeners;
    private volatile String stopReason;
    private long stepsPerEpoch;
    private Ema ema;

    /**
     * @param phase a name for this phase in metrics and progress
     * @param lrMult learning-rate multiplier per parameter name (missing names get 1)
     */
    public Trainer(Module model, TrainConfig config, String phase, Map<String, Float> lrMult,
            List<TrainListener> listeners) {
        this.model = model;
        this.config = config;
        this.phase = phase;
        this.lrMult = lrMult;
        this.listeners = List.copyOf(listeners);
    }

    public TrainResult fit(Batches data) {
        long t0 = System.nanoTime();
        Engines.seed(config.seed());
        Optimizer opt = new Optimizer(config.optimizer(), config.momentum(), config.weightDecay());
        opt.setParams(model.namedParams(), lrMult);
        ema = config.emaDecay() > 0 ? new Ema(model, config.emaDecay()) : null;
        stepsPerEpoch = Math.max(1, (data.trainSize() + config.batchSize() - 1) / config.batchSize());
        long total = stepsPerEpoch * config.epochs();
        LrSchedule schedule = new LrSchedule(config.lr(), Math.round(config.warmupEpochs() * stepsPerEpoch), total,
                config.schedule());
        listeners.forEach(l -> l.onTrainBegin(this));

        double[] start = validate(model, data.val());
        double bestLoss = start[0];
        double bestAcc = start[1];
        int bestEpoch = 0;
        StateDict best = model.stateDict();
        int sinceBest = 0;
        List<EpochMetrics> history = new ArrayList<>();
        long step = 0;
        NDManager parent = anyArray(model).getManager();
        Ctx trainCtx = Ctx.train(config.bnPolicy());
        for (int epoch = 1; epoch <= config.epochs() && stopReason == null; epoch++) {
            final int e = epoch;
            listeners.forEach(l -> l.onEpochBegin(this, e));
            opt.setParams(model.namedParams(), lrMult); // picks up what listeners unfroze (gradual unfreezing)
            long te = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            Iterator<TensorBatch> it = data.train(epoch);
            while (it.hasNext() && stopReason == null) {
                TensorBatch b = it.next();
                if (b.size() == 0) {
                    continue;
                }
                float lr = schedule.at(step);
                double loss;
                try (NDManager sm = parent.newSubManager()) {
                    NDArray x = sm.create(b.x(), new Shape(b.shape()));
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = model.forward(x, trainCtx);
                        NDArray l = Losses.forBatch(logits, b, config);
                        gc.backward(l);
                        loss = l.getFloat();
                        correct += countCorrect(logits, b.labels());
                    }
                    if (!Double.isFinite(loss)) {
                        restore(model, best);
                        throw new TrainingException("training loss became " + loss + " at epoch " + epoch + " ("
                                + phase + "); kept the best weights so far (epoch " + bestEpoch
                                + "); lower the learning rate (--lr) or enable gradient clipping");
                    }
                    float scale = 1f;
                    if (config.gradClip() > 0) {
                        double norm = opt.gradNorm();
                        if (norm > config.gradClip()) {
                            scale = (float) (config.gradClip() / norm);
                        }
                    }
                    opt.step(lr, scale);
                    if (ema != null) {
                        ema.update();
                    }
                }
                lossSum += loss * b.size();
                seen += b.size();
                final long s = step;
                final double lv = loss;
                listeners.forEach(l -> l.onStepEnd(this, s, lv));
                step++;
            }
            double trainSeconds = (System.nanoTime() - te) / 1e9;
            double[] val = ema == null ? validate(model, data.val()) : ema.withAveraged(() -> validate(model, data.val()));
            EpochMetrics m = new EpochMetrics(epoch, phase, seen == 0 ? Double.NaN : lossSum / seen,
                    seen == 0 ? Double.NaN : (double) correct / seen, val[0], val[1], schedule.at(Math.max(0, step - 1)),
                    (System.nanoTime() - te) / 1e9, seen / Math.max(1e-9, trainSeconds));
            history.add(m);
            listeners.forEach(l -> l.onEpochEnd(this, m));
            if (improves(val, bestLoss, bestAcc)) {
                bestLoss = val[0];
                bestAcc = val[1];
                bestEpoch = epoch;
                sinceBest = 0;
                if (ema == null) {
                    best = model.stateDict();
                    listeners.forEach(l -> l.onNewBest(this, m));
                } else {
                    // the snapshot is the average; listeners see it in the model while they run
                    best = ema.stateDict();
                    ema.withAveraged(() -> {
                        listeners.forEach(l -> l.onNewBest(this, m));
                        return null;
                    });
                }
            } else if (++sinceBest >= config.patience() && config.patience() > 0 && stopReason == null) {
                stopReason = "early stop: validation " + (config.monitor() == TrainConfig.Monitor.VAL_ACC ? "accuracy"
                        : "loss") + " did not improve for " + sinceBest + " epochs";
            }
        }
        restore(model, best);
        TrainResult result = new TrainResult(history, bestEpoch, bestLoss, bestAcc, stopReason,
                (System.nanoTime() - t0) / 1e9);
        listeners.forEach(l -> l.onTrainEnd(this, result));
        return result;
    }

    /** Whether validation scores {@code val} (loss, accuracy) beat the best by more than minDelta. */
    private boolean improves(double[] val, double bestLoss, double bestAcc) {
        return config.monitor() == TrainConfig.Monitor.VAL_ACC ? val[1] > bestAcc + config.minDelta()
                : val[0] < bestLoss - config.minDelta();
    }

    /** The weight average this run keeps, or null when EMA is off (valid during and after {@link #fit}). */
    @Override
    public Ema ema() {
        return ema;
    }

    /** Mean cross-entropy (no smoothing) and accuracy over batches, in inference mode. */
    public static double[] validate(Module model, Iterator<TensorBatch> batches) {
        NDManager parent = anyArray(model).getManager();
        double lossSum = 0;
        long correct = 0;
        long n = 0;
        while (batches.hasNext()) {
            TensorBatch b = batches.next();
            if (b.size() == 0) {
                continue;
            }
            try (NDManager sm = parent.newSubManager()) {
                NDArray logits = model.forward(sm.create(b.x(), new Shape(b.shape())), Ctx.EVAL);
                NDArray l = Losses.crossEntropy(logits, sm.create(toLong(b.labels())), 0f);
                lossSum += l.getFloat() * b.size();
                correct += countCorrect(logits, b.labels());
                n += b.size();
            }
        }
        return n == 0 ? new double[] {Double.NaN, Double.NaN} : new double[] {lossSum / n, (double) correct / n};
    }

    /** Copies a snapshot back into the module's arrays. */
    public static void restore(Module model, StateDict snapshot) {
        for (Map.Entry<String, Param> e : model.namedParams().entrySet()) {
            HostTensor t = snapshot.get(e.getKey());
            if (t != null) {
                e.getValue().array().set(t.data());
            }
        }
    }

    static long countCorrect(NDArray logits, int[] labels) {
        long[] pred = logits.argMax(1).toLongArray();
        long c = 0;
        for (int i = 0; i < labels.length; i++) {
            if (pred[i] == labels[i]) {
                c++;
            }
        }
        return c;
    }

    static long[] toLong(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }

    private static NDArray anyArray(Module m) {
        for (Param p : m.namedParams().values()) {
            return p.array();
        }
        throw new IllegalArgumentException("module has no parameters");
    }

    @Override
    public Module model() {
        return model;
    }

    @Override
    public TrainConfig config() {
        return config;
    }

    @Override
    public String phase() {
        return phase;
    }

    @Override
    public int epochs() {
        return config.epochs();
    }

    @Override
    public long stepsPerEpoch() {
        return stepsPerEpoch;
    }

    @Override
    public void requestStop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }
}
