package dev.graft.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds each BatchNorm layer that normalises with its running statistics into the convolution
 * that feeds it, for as long as this scope is open: the convolution then runs with
 * {@code W·s} and {@code β − μ·s} (where {@code s = γ/√(σ²+ε)}) and the BatchNorm passes its
 * input through. That is exact arithmetic, and it saves a full pass over every activation.
 *
 * <p>Nothing saved changes: the folded tensors live beside the parameters, never in them, and
 * module names stay as they are, so state dicts, checkpoints and exports are those of the
 * unfolded network. Closing the scope drops the folded tensors.
 *
 * <p>Pairs are found, not assumed: on the first batch ({@link #ensure}) one image runs through the
 * network while convolutions and BatchNorms report what they produced and consumed; a BatchNorm
 * whose input is exactly one convolution's output forms a pair. The folded network must then give
 * the unfolded one's output on that image within 1e-4 (relative), or nothing is folded. Convolutions
 * carrying a weight update (LoRA) are left alone.
 *
 * <p>Two kinds of scope differ in what they may assume about the weights:
 * <ul>
 *   <li>{@link #forInference}: nothing changes while the scope is open (predict, evaluate,
 *       validation, feature caching). Every pair folds.</li>
 *   <li>{@link #forFrozen}: training goes on. Only pairs whose convolution and BatchNorm are both
 *       frozen fold (their values and running statistics cannot change); a pair that is unfrozen
 *       while the scope is open stops folding at once, for good.</li>
 * </ul>
 * A pair is used only in passes where its BatchNorm would normalise with running statistics
 * ({@link BatchNorm2d#usesBatchStats}), so a training pass of a trainable BatchNorm is never folded.
 */
public final class BnFold implements AutoCloseable {
    private static final ThreadLocal<Trace> TRACE = new ThreadLocal<>();
    /** How far the folded network's output may move from the unfolded one's, relative to its largest value. */
    static final double VERIFY_RTOL = 1e-4;

    private final Module root;
    private final boolean frozenOnly;
    private final List<Pair> pairs = new ArrayList<>();
    private boolean prepared;
    private boolean owner = true;
    private String skipped;

    private BnFold(Module root, boolean frozenOnly) {
        this.root = root;
        this.frozenOnly = frozenOnly;
    }

    /** A scope in which every conv→BatchNorm pair of {@code root} folds; the weights must not change while it is open. */
    public static BnFold forInference(Module root) {
        return new BnFold(root, false);
    }

    /** A scope for training in which only frozen conv→BatchNorm pairs fold. */
    public static BnFold forFrozen(Module root) {
        return new BnFold(root, true);
    }

    /**
     * Whether scopes fold at all: true unless the system property {@code graft.bnfold} is
     * {@code false}, which benchmarks and tests use to measure and compare the unfolded network.
     */
    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty("graft.bnfold"));
    }

    /**
     * Finds and folds the pairs, using the first image of {@code x} as the probe; later calls do
     * nothing. Call it before the first forward pass in the scope.
     */
    public void ensure(NDArray x) {
        if (prepared) {
            return;
        }
        prepared = true;
        if (!enabled()) {
            return;
        }
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            fold(x.getShape().get(0) > 1 ? x.get("0:1") : x);
        } finally {
            JniUtils.setGradMode(grad);
        }
    }

    private void fold(NDArray probe) {
        synchronized (root) {
            Trace trace = new Trace();
            TRACE.set(trace);
            NDArray reference;
            try {
                reference = root.forward(probe, Ctx.EVAL);
            } finally {
                TRACE.remove();
            }
            for (Map.Entry<BatchNorm2d, Conv2d> e : trace.pairs.entrySet()) {
                Conv2d conv = e.getValue();
                BatchNorm2d bn = e.getKey();
                if (conv.fold != null || bn.fold != null) {
                    owner = false; // another scope on this network already folds: it stays in charge
                    pairs.clear();
                    return;
                }
                if (trace.ambiguous.contains(conv) || conv.weight().update() != null || (frozenOnly && !frozen(conv, bn))) {
                    continue;
                }
                pairs.add(new Pair(conv, bn, frozenOnly));
            }
            if (pairs.isEmpty()) {
                return;
            }
            pairs.forEach(Pair::install);
            double err = relativeError(root.forward(probe, Ctx.EVAL), reference);
            if (!(err <= VERIFY_RTOL)) {
                skipped = String.format("folded output differs from the unfolded one by %.2e (relative); not folded", err);
                release();
            }
        }
    }

    /** The number of conv→BatchNorm pairs folded in this scope. */
    public int folded() {
        return pairs.size();
    }

    /** Why nothing was folded although pairs were found, or null. */
    public String skipped() {
        return skipped;
    }

    @Override
    public void close() {
        synchronized (root) {
            if (owner) {
                release();
            }
        }
    }

    private void release() {
        pairs.forEach(Pair::remove);
        pairs.clear();
    }

    private static boolean frozen(Conv2d conv, BatchNorm2d bn) {
        return !conv.weight().trainable() && (conv.bias() == null || !conv.bias().trainable())
                && !bn.weight().trainable() && !bn.bias().trainable();
    }

    private static double relativeError(NDArray a, NDArray b) {
        double diff = a.sub(b).abs().max().getFloat();
        double ref = b.abs().max().getFloat();
        return diff / Math.max(ref, 1e-30);
    }

    /** Called by every convolution: records which module produced which array, while tracing. */
    static void producedBy(Conv2d conv, NDArray out) {
        Trace t = TRACE.get();
        if (t != null) {
            if (t.producer.containsValue(conv)) {
                t.ambiguous.add(conv); // called twice in one pass: which output feeds the norm is unclear
            }
            t.producer.put(out, conv);
        }
    }

    /** Called by every BatchNorm: pairs it with the convolution whose output it received, while tracing. */
    static void consumedBy(BatchNorm2d bn, NDArray in) {
        Trace t = TRACE.get();
        if (t != null) {
            Conv2d conv = t.producer.get(in);
            if (conv != null && !t.pairs.containsKey(bn) && !t.pairs.containsValue(conv)) {
                t.pairs.put(bn, conv);
            } else if (conv != null) {
                t.ambiguous.add(conv);
            }
        }
    }

    private static final class Trace {
        final Map<NDArray, Conv2d> producer = new IdentityHashMap<>();
        final Map<BatchNorm2d, Conv2d> pairs = new IdentityHashMap<>();
        final java.util.Set<Conv2d> ambiguous = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /** One folded pair: the convolution's replacement weight and bias. */
    static final class Pair {
        private final Conv2d conv;
        private final BatchNorm2d bn;
        private final boolean frozenOnly;
        private final NDArray weight;
        private final NDArray bias;
        private volatile boolean dropped;

        Pair(Conv2d conv, BatchNorm2d bn, boolean frozenOnly) {
            this.conv = conv;
            this.bn = bn;
            this.frozenOnly = frozenOnly;
            NDArray w = conv.weight().array();
            try (NDManager tmp = w.getManager().newSubManager()) {
                // in double precision, so each folded value is the exact product rounded once
                NDArray scale = f64(bn.weight().array(), tmp).div(f64(bn.runningVar(), tmp).add(bn.eps()).sqrt());
                NDArray shift = conv.bias() == null ? f64(bn.runningMean(), tmp).neg()
                        : f64(conv.bias().array(), tmp).sub(f64(bn.runningMean(), tmp));
                this.weight = f64(w, tmp).mul(scale.reshape(w.getShape().get(0), 1, 1, 1)).toType(DataType.FLOAT32, false);
                this.bias = shift.mul(scale).add(f64(bn.bias().array(), tmp)).toType(DataType.FLOAT32, false);
                weight.attach(w.getManager());
                bias.attach(w.getManager());
            }
        }

        /** A float64 copy of {@code a} owned by {@code tmp}, so every intermediate is freed with it. */
        private static NDArray f64(NDArray a, NDManager tmp) {
            NDArray c = a.toType(DataType.FLOAT64, true);
            c.attach(tmp);
            return c;
        }

        void install() {
            conv.fold = this;
            bn.fold = this;
        }

        void remove() {
            conv.fold = null;
            bn.fold = null;
            weight.close();
            bias.close();
        }

        /** Whether this pass uses the folded pair; both modules of the pair ask, and get the same answer. */
        boolean active(Ctx ctx) {
            if (dropped || bn.usesBatchStats(ctx) || conv.weight().update() != null) {
                return false;
            }
            if (frozenOnly && !frozen(conv, bn)) {
                dropped = true; // unfrozen: its values may change from now on, so this scope never folds it again
                return false;
            }
            return true;
        }

        NDArray weight() {
            return weight;
        }

        NDArray bias() {
            return bias;
        }
    }
}
