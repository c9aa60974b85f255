package dev.graft.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.graft.nn.Param;
import dev.graft.weights.HostTensor;
import dev.graft.weights.StateDict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW or SGD with momentum over named parameters, each with its own learning-rate multiplier
 * (layer-wise learning rates). Updates run in libtorch's fused kernels, which also zero the
 * gradient. Weight decay skips biases and norm parameters (anything of one dimension).
 */
public final class Optimizer {
    private final TrainConfig.Optim kind;
    private final float beta1;
    private final float beta2 = 0.999f;
    private final float eps = 1e-8f;
    private final float weightDecay;
    private final Map<String, Slot> slots = new LinkedHashMap<>();

    private static final class Slot {
        final Param param;
        float lrMult;
        NDArray m;
        NDArray v;
        long steps;

        Slot(Param param, float lrMult) {
            this.param = param;
            this.lrMult = lrMult;
        }
    }

    public Optimizer(TrainConfig.Optim kind, float momentum, float weightDecay) {
        this.kind = kind;
        this.beta1 = momentum;
        this.weightDecay = weightDecay;
    }

    /** Sets which parameters this optimizer updates; state of parameters that stay is kept. */
    public void setParams(Map<String, Param> named, Map<String, Float> lrMult) {
        Map<String, Slot> next = new LinkedHashMap<>();
        named.forEach((name, p) -> {
            if (p.trainable()) {
                Slot s = slots.get(name);
                if (s == null || s.param != p) {
                    s = new Slot(p, 1f);
                }
                s.lrMult = lrMult.getOrDefault(name, 1f);
                next.put(name, s);
            }
        });
        slots.keySet().retainAll(next.keySet());
        slots.putAll(next);
    }

    public List<String> paramNames() {
        return List.copyOf(slots.keySet());
    }

    /** The multiplier of a parameter's learning rate, or NaN if it is not updated. */
    public float lrMult(String name) {
        Slot s = slots.get(name);
        return s == null ? Float.NaN : s.lrMult;
    }

    /**
     * Applies one update with base learning rate {@code lr} and zeroes the gradients.
     *
     * @param gradScale multiplies every gradient first (used for clipping)
     */
    public void step(float lr, float gradScale) {
        for (Slot s : slots.values()) {
            NDArray w = s.param.array();
            NDArray g;
            try {
                g = w.getGradient();
            } catch (IllegalStateException e) {
                continue; // this parameter took no part in the last forward pass
            }
            try (g) {
                float plr = lr * s.lrMult;
                float wd = s.param.shape().length > 1 ? weightDecay : 0f;
                s.steps++;
                if (kind == TrainConfig.Optim.ADAMW) {
                    if (s.m == null) {
                        s.m = w.zerosLike();
                        s.v = w.zerosLike();
                    }
                    double bc = Math.sqrt(1 - Math.pow(beta2, s.steps)) / (1 - Math.pow(beta1, s.steps));
                    w.getNDArrayInternal().adamUpdate(new NDList(w, g, s.m, s.v), new NDList(w), plr,
                            (float) (plr * bc), wd, gradScale, -1f, beta1, beta2, eps, false, true);
                } else {
                    if (s.m == null && beta1 > 0) {
                        s.m = w.zerosLike();
                    }
                    w.getNDArrayInternal().sgdUpdate(new NDList(w, g, s.m == null ? w : s.m), new NDList(w), plr,
                            wd, gradScale, -1f, beta1, false);
                }
            }
        }
    }

    /** Global L2 norm of the current gradients. */
    public double gradNorm() {
        double sum = 0;
        for (Slot s : slots.values()) {
            try (NDArray g = s.param.array().getGradient()) {
                double n = g.norm().getFloat();
                sum += n * n;
            } catch (IllegalStateException e) {
                // no gradient
            }
        }
        return Math.sqrt(sum);
    }

    /** Moment estimates and step counts, for checkpoints. */
    public StateDict state() {
        StateDict out = new StateDict();
        slots.forEach((name, s) -> {
            out.put(name + ".steps", new HostTensor(new long[] {1}, new float[] {s.steps}));
            if (s.m != null) {
                out.put(name + ".m", new HostTensor(s.param.shape(), s.m.toFloatArray()));
            }
            if (s.v != null) {
                out.put(name + ".v", new HostTensor(s.param.shape(), s.v.toFloatArray()));
            }
        });
        return out;
    }

    /** Restores what {@link #state} saved, for the parameters currently registered. */
    public void loadState(StateDict st) {
        slots.forEach((name, s) -> {
            HostTensor steps = st.get(name + ".steps");
            if (steps == null) {
                return;
            }
            s.steps = (long) steps.data()[0];
            NDArray w = s.param.array();
            HostTensor m = st.get(name + ".m");
            if (m != null) {
                s.m = w.getManager().create(m.data(), w.getShape());
            }
            HostTensor v = st.get(name + ".v");
            if (v != null) {
                s.v = w.getManager().create(v.data(), w.getShape());
            }
        });
    }
}
