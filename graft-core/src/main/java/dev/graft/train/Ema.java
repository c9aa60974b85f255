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
    private final Scope scope;
    private final long warmupStart;
    private final Map<String, NDArray> shadow = new LinkedHashMap<>();
    private final Map<String, Param> params;
    private long updates;

    /** What the average covers. */
    public enum Scope {
        /** Every parameter and BatchNorm statistic; batch counters are copied (timm's {@code ModelEmaV2}). */
        ALL,
        /**
         * Only parameters that train; buffers (BatchNorm statistics) and frozen parameters take the
         * module's current values at each update, as the generators' average always has.
         */
        TRAINABLE
    }

    /** An average starting at the module's current values, with warmup. */
    public Ema(Module model, float decay) {
        this(model, decay, true);
    }

    /**
     * @param decay the weight of the old average per step, in (0, 1)
     * @param warmup whether early steps use the smaller {@code (1+t)/(10+t)}
     */
    public Ema(Module model, float decay, boolean warmup) {
        this(model, decay, warmup, Scope.ALL, 0);
    }

    private Ema(Module model, float decay, boolean warmup, Scope scope, long warmupStart) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("EMA decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        this.warmup = warmup;
        this.scope = scope;
        this.warmupStart = warmupStart;
        this.params = model.namedParams();
        params.forEach((name, p) -> {
            NDArray w = p.array();
            shadow.put(name, w.getManager().create(w.toFloatArray(), w.getShape()));
        });
    }

    /** A builder for an average of {@code model} with decay {@code decay}, in (0, 1). */
    public static Builder builder(Module model, float decay) {
        return new Builder(model, decay);
    }

    /** Builds an {@link Ema}; the options state their defaults. */
    public static final class Builder {
        private final Module model;
        private final float decay;
        private boolean warmup = true;
        private Scope scope = Scope.ALL;
        private long warmupStart;

        private Builder(Module model, float decay) {
            this.model = model;
            this.decay = decay;
        }

        /** Whether early updates use the smaller {@code (1+t)/(10+t)} (default true). */
        public Builder optWarmup(boolean v) {
            warmup = v;
            return this;
        }

        /** What the average covers (default {@link Scope#ALL}). */
        public Builder optScope(Scope v) {
            scope = v;
            return this;
        }

        /**
         * The {@code t} of the first update in the warmup rule (default 0). TensorFlow counts the
         * update being applied, so its first update has {@code t = 1}; the generators do too.
         */
        public Builder optWarmupStart(long v) {
            warmupStart = v;
            return this;
        }

        public Ema build() {
            return new Ema(model, decay, warmup, scope, warmupStart);
        }
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
        long t = warmupStart + updates;
        return warmup ? Math.min(decay, (1f + t) / (10f + t)) : decay;
    }

    /** Folds the module's current values into the average. */
    public void update() {
        float d = currentDecay();
        params.forEach((name, p) -> {
            NDArray s = shadow.get(name);
            NDArray w = p.array();
            if (p.kind() == Param.Kind.COUNTER || scope == Scope.TRAINABLE && !p.trainable()) {
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
