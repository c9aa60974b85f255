package dev.graft.train;

import ai.djl.ndarray.NDArray;
import dev.graft.nn.Module;
import dev.graft.nn.Param;
import dev.graft.weights.HostTensor;
import dev.graft.weights.StateDict;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An exponential moving average of a module's weights and BatchNorm statistics, as timm's
 * {@code ModelEmaV2}: after every optimizer step, {@code ema = d·ema + (1-d)·w}. The decay warms
 * up as TensorFlow's {@code ExponentialMovingAverage(num_updates)} does, {@code d_t = min(d,
 * (1+t)/(10+t))}, so short fine-tunes are not dominated by the starting weights. Batch counters
 * are copied, not averaged.
 */
public final class Ema {
    private final float decay;
    private final boolean warmup;
    private final Map<String, NDArray> shadow = new LinkedHashMap<>();
    private final Map<String, Param> params;
    private long updates;

    /** An average starting at the module's current values, with warmup. */
    public Ema(Module model, float decay) {
        this(model, decay, true);
    }

    /**
     * @param decay the weight of the old average per step, in (0, 1)
     * @param warmup whether early steps use the smaller {@code (1+t)/(10+t)}
     */
    public Ema(Module model, float decay, boolean warmup) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("EMA decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        this.warmup = warmup;
        this.params = model.namedParams();
        params.forEach((name, p) -> {
            NDArray w = p.array();
            shadow.put(name, w.getManager().create(w.toFloatArray(), w.getShape()));
        });
    }

    public float decay() {
        return decay;
    }

    /** Updates applied so far. */
    public long updates() {
        return updates;
    }

    /** The decay the next update uses. */
    public float currentDecay() {
        return warmup ? Math.min(decay, (1f + updates) / (10f + updates)) : decay;
    }

    /** Folds the module's current values into the average. */
    public void update() {
        float d = currentDecay();
        params.forEach((name, p) -> {
            NDArray s = shadow.get(name);
            NDArray w = p.array();
            if (p.kind() == Param.Kind.COUNTER) {
                s.set(w.toFloatArray());
                return;
            }
            try (NDArray scaled = w.mul(1 - d)) {
                s.muli(d).addi(scaled);
            }
        });
        updates++;
    }

    /** The averaged values, named as the module's state dict. */
    public StateDict stateDict() {
        StateDict out = new StateDict();
        params.forEach((name, p) -> out.put(name, new HostTensor(p.shape(), shadow.get(name).toFloatArray())));
        return out;
    }

    /** Replaces the average (for resuming from a checkpoint); {@code updates} restores the warmup position. */
    public void load(StateDict averaged, long updates) {
        params.keySet().forEach(name -> {
            HostTensor t = averaged.get(name);
            if (t == null) {
                throw new IllegalArgumentException("EMA state lacks " + name);
            }
            shadow.get(name).set(t.data());
        });
        this.updates = updates;
    }

    /**
     * Runs {@code body} with the averaged values in the module, then puts the trained values back.
     * Validation and best-weights snapshots run this way.
     */
    public <T> T withAveraged(Supplier<T> body) {
        StateDict trained = new StateDict();
        params.forEach((name, p) -> trained.put(name, new HostTensor(p.shape(), p.array().toFloatArray())));
        params.forEach((name, p) -> p.array().set(shadow.get(name).toFloatArray()));
        try {
            return body.get();
        } finally {
            params.forEach((name, p) -> p.array().set(trained.get(name).data()));
        }
    }
}
