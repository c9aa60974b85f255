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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop. It trains the unfrozen parameters of a module, validates after every
 * epoch, snapshots the weights whenever the monitored metric (validation loss or accuracy)
 * improves, and always ends with the best snapshot restored: after early stopping, after the
 * last epoch, or after a stop request. With EMA on, validation and snapshots use the average.
 * Each step runs under its own NDManager, so memory stays flat however long training runs.
 *
 * <p>A {@link CheckpointHook} among the listeners makes training resumable: the trainer hands it
 * its complete state (weights, optimizer, schedule position, position in the epoch, best so far,
 * listener state, the EMA) and, given that state back, continues exactly where it stopped. Dropout is
 * re-seeded every step from (seed, phase, step) and the data order depends only on (seed, epoch),
 * so nothing random has to be saved.
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
    /** The checkpoint key of the EMA's state, beside the stateful listeners'. */
    private static final String EMA_STATE = "trainer.ema";

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
        stepsPerEpoch = Math.max(1, (data.trainSize() + config.batchSize() - 1) / config.batchSize());
        long total = stepsPerEpoch * config.epochs();
        LrSchedule schedule = new LrSchedule(config.lr(), Math.round(config.warmupEpochs() * stepsPerEpoch), total,
                config.schedule());
        CheckpointHook hook = checkpointHook();
        CheckpointHook.Start start = hook == null ? CheckpointHook.Start.FRESH : hook.onFitStart(this);
        if (start.done() != null) {
            return start.done();
        }
        Optimizer opt = new Optimizer(config.optimizer(), config.momentum(), config.weightDecay());
        opt.setParams(model.namedParams(), lrMult);
        ema = config.emaDecay() > 0 ? new Ema(model, config.emaDecay()) : null;
        LoopState s;
        if (start.resume() != null) {
            s = LoopState.of(start.resume());
            opt.loadState(start.resume().optimizer());
            loadExtras(start.resume().extras());
            if (s.earlyStop != null) {
                stopReason = s.earlyStop;
            }
        } else {
            s = LoopState.fresh(validate(model, data.val()), model.stateDict());
        }
        listeners.forEach(l -> l.onTrainBegin(this));
        if (hook != null && start.resume() == null && stopReason == null) {
            hook.save(this, s.snapshot(opt, extras()));
        }
        while (s.epoch <= config.epochs() && stopReason == null) {
            if (!runEpoch(data, s, schedule, opt, hook)) {
                break;
            }
        }
        restore(model, s.best);
        TrainResult result = new TrainResult(s.history, s.bestEpoch, s.bestLoss, s.bestAcc, stopReason,
                (System.nanoTime() - t0) / 1e9);
        listeners.forEach(l -> l.onTrainEnd(this, result));
        return result;
    }

    /**
     * Trains the rest of epoch {@code s.epoch}, validates and checkpoints. A stop request ends the
     * epoch at once: its progress is checkpointed, not validated, and false is returned.
     */
    private boolean runEpoch(Batches data, LoopState s, LrSchedule schedule, Optimizer opt, CheckpointHook hook) {
        final int epoch = s.epoch;
        listeners.forEach(l -> l.onEpochBegin(this, epoch));
        opt.setParams(model.namedParams(), lrMult); // picks up what listeners unfroze (gradual unfreezing)
        long te = System.nanoTime();
        Iterator<TensorBatch> it = data.train(epoch);
        for (int i = 0; i < s.batch && it.hasNext(); i++) {
            it.next(); // resumed inside this epoch: these batches were trained before the checkpoint
        }
        long sinceSave = 0;
        NDManager parent = anyArray(model).getManager();
        Ctx trainCtx = Ctx.train(config.bnPolicy());
        while (it.hasNext() && stopReason == null) {
            TensorBatch b = it.next();
            s.batch++;
            if (b.size() == 0) {
                continue;
            }
            double loss = step(b, s, schedule.at(s.step), opt, parent, trainCtx);
            final long st = s.step;
            listeners.forEach(l -> l.onStepEnd(this, st, loss));
            s.step++;
            sinceSave++;
            if (hook != null && hook.everySteps() > 0 && s.step % hook.everySteps() == 0 && it.hasNext()) {
                hook.save(this, s.snapshot(opt, extras()));
                sinceSave = 0;
            }
        }
        if (it.hasNext()) {
            if (hook != null && sinceSave > 0) {
                hook.save(this, s.snapshot(opt, extras()));
            }
            return false;
        }
        double trainSeconds = (System.nanoTime() - te) / 1e9;
        double[] val = ema == null ? validate(model, data.val()) : ema.withAveraged(() -> validate(model, data.val()));
        EpochMetrics m = new EpochMetrics(epoch, phase, s.seen == 0 ? Double.NaN : s.lossSum / s.seen,
                s.seen == 0 ? Double.NaN : (double) s.correct / s.seen, val[0], val[1],
                schedule.at(Math.max(0, s.step - 1)), (System.nanoTime() - te) / 1e9,
                s.seen / Math.max(1e-9, trainSeconds));
        s.history.add(m);
        listeners.forEach(l -> l.onEpochEnd(this, m));
        if (improves(val, s.bestLoss, s.bestAcc)) {
            s.bestLoss = val[0];
            s.bestAcc = val[1];
            s.bestEpoch = epoch;
            s.sinceBest = 0;
            if (ema == null) {
                s.best = model.stateDict();
                listeners.forEach(l -> l.onNewBest(this, m));
            } else {
                // the snapshot is the average; listeners see it in the model while they run
                s.best = ema.stateDict();
                ema.withAveraged(() -> {
                    listeners.forEach(l -> l.onNewBest(this, m));
                    return null;
                });
            }
        } else if (++s.sinceBest >= config.patience() && config.patience() > 0 && stopReason == null) {
            s.earlyStop = "early stop: validation " + (config.monitor() == TrainConfig.Monitor.VAL_ACC ? "accuracy"
                    : "loss") + " did not improve for " + s.sinceBest + " epochs";
            stopReason = s.earlyStop;
        }
        s.nextEpoch();
        if (hook != null) {
            hook.save(this, s.snapshot(opt, extras()));
        }
        return true;
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

    /**
     * One optimizer step. libtorch's generator (dropout) is re-seeded from the seed, phase and
     * step first, so a run resumed from a checkpoint draws exactly what the uninterrupted run drew.
     */
    private double step(TensorBatch b, LoopState s, float lr, Optimizer opt, NDManager parent, Ctx trainCtx) {
        Engines.seed(stepSeed(config.seed(), phase, s.step));
        double loss;
        try (NDManager sm = parent.newSubManager()) {
            NDArray x = sm.create(b.x(), new Shape(b.shape()));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.forward(x, trainCtx);
                NDArray l = Losses.forBatch(logits, b, config);
                gc.backward(l);
                loss = l.getFloat();
                s.correct += countCorrect(logits, b.labels());
            }
            if (!Double.isFinite(loss)) {
                restore(model, s.best);
                throw new TrainingException("training loss became " + loss + " at epoch " + s.epoch + " ("
                        + phase + "); kept the best weights so far (epoch " + s.bestEpoch + ")"
                        + (checkpointHook() != null ? " and the last checkpoint" : "")
                        + "; lower the learning rate (`lr`) or enable gradient clipping (`gradClip`)");
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
        s.lossSum += loss * b.size();
        s.seen += b.size();
        return loss;
    }

    /** The libtorch seed of one step: a mix of the run's seed, the phase and the step. */
    static long stepSeed(long seed, String phase, long step) {
        long z = seed * 0x9E3779B97F4A7C15L + phase.hashCode() * 0xBF58476D1CE4E5B9L + step * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private CheckpointHook checkpointHook() {
        for (TrainListener l : listeners) {
            if (l instanceof CheckpointHook h) {
                return h;
            }
        }
        return null;
    }

    private Map<String, StateDict> extras() {
        Map<String, StateDict> out = new LinkedHashMap<>();
        for (TrainListener l : listeners) {
            if (l instanceof StatefulListener sl) {
                out.put(sl.stateName(), sl.saveState());
            }
        }
        if (ema != null) {
            StateDict e = ema.stateDict();
            e.metadata().put("updates", Long.toString(ema.updates()));
            out.put(EMA_STATE, e);
        }
        return out;
    }

    private void loadExtras(Map<String, StateDict> saved) {
        for (TrainListener l : listeners) {
            if (l instanceof StatefulListener sl && saved.containsKey(sl.stateName())) {
                sl.loadState(saved.get(sl.stateName()));
            }
        }
        StateDict e = saved.get(EMA_STATE);
        if (ema != null && e != null) {
            ema.load(e, Long.parseLong(e.metadata().getOrDefault("updates", "0")));
        } else if (ema != null) {
            throw new TrainingException("the checkpoint has no EMA state but this run uses `emaDecay`; resume with the"
                    + " settings of the interrupted run");
        }
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
