package dev.graft.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.graft.weights.HostTensor;
import dev.graft.weights.StateDict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A network component with PyTorch's naming: its own parameters and buffers, then its children,
 * give dotted names such as {@code layer1.0.conv1.weight}, exactly as {@code state_dict()} does.
 *
 * <p>Graft writes its own modules instead of using DJL's {@code Block}s because DJL numbers child
 * names ({@code 01conv1}), keeps one global training flag, and updates the running statistics of
 * frozen BatchNorm layers; all three break transfer learning from torchvision checkpoints.
 *
 * <p>Arrays live in the manager given to {@link #materialize}; activations are attached to the
 * manager of the input, so a per-step sub-manager frees them.
 */
public abstract class Module {
    private final LinkedHashMap<String, Param> params = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private UnaryOperator<NDArray> outputHook;

    /** Runs the module. */
    public abstract NDArray forward(NDArray x, Ctx ctx);

    /**
     * Runs {@link #forward}, then hands the output to this module's output hook, if one is set, and
     * returns what the hook returns: PyTorch's {@code __call__} with a forward hook. Containers run
     * their children through this method, so a hook fires wherever the module sits in the tree.
     */
    public final NDArray call(NDArray x, Ctx ctx) {
        NDArray y = forward(x, ctx);
        return outputHook == null ? y : outputHook.apply(y);
    }

    /**
     * Sets (or with null removes) the function every {@link #call} passes this module's output
     * through. Interpretation tools use it to read an inner activation and its gradient (see
     * {@link Capture}); the hook may return its argument or a replacement of the same shape.
     */
    public final void setOutputHook(UnaryOperator<NDArray> hook) {
        this.outputHook = hook;
    }

    /** The output hook, or null. */
    public final UnaryOperator<NDArray> outputHook() {
        return outputHook;
    }

    protected final Param param(String name, Param.Kind kind, long... shape) {
        return addParam(name, new Param(shape, kind, false));
    }

    protected final Param buffer(String name, Param.Kind kind, long... shape) {
        return addParam(name, new Param(shape, kind, true));
    }

    private Param addParam(String name, Param p) {
        if (params.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("duplicate name " + name);
        }
        params.put(name, p);
        return p;
    }

    /**
     * Adds a parameter to a module that is already built. Extensions such as LoRA use it to attach
     * trainable tensors to an existing layer under that layer's own name ({@code layer4.0.conv1.lora_A}),
     * which works for every architecture, including those that hold their layers in fields.
     */
    public final Param addParameter(String name, Param.Kind kind, long... shape) {
        return addParam(name, new Param(shape, kind, false));
    }

    /** Removes a parameter added with {@link #addParameter}; its array is closed. */
    public final void removeParameter(String name) {
        Param p = params.remove(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter '" + name + "' in " + getClass().getSimpleName());
        }
        if (p.materialised()) {
            p.array().close();
        }
    }

    protected final <M extends Module> M child(String name, M module) {
        if (params.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("duplicate name " + name);
        }
        children.put(name, module);
        return module;
    }

    /** Direct children in registration order. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** The descendant at a dotted path such as {@code layer4.1} or {@code classifier.6}. */
    public final Module find(String path) {
        Module m = this;
        for (String part : path.split("\\.")) {
            Module next = m.children.get(part);
            if (next == null) {
                throw new IllegalArgumentException("no module '" + path + "' in " + getClass().getSimpleName());
            }
            m = next;
        }
        return m;
    }

    /**
     * Puts a new module at a dotted path, in the old one's place. Subclasses that hold the old
     * module in a field must override {@link #onReplace}.
     */
    public final void replace(String path, Module module) {
        int dot = path.lastIndexOf('.');
        Module parent = dot < 0 ? this : find(path.substring(0, dot));
        String name = dot < 0 ? path : path.substring(dot + 1);
        if (!parent.children.containsKey(name)) {
            throw new IllegalArgumentException("no module '" + path + "' to replace");
        }
        parent.children.put(name, module);
        parent.onReplace(name, module);
    }

    /** Called after {@link #replace} swapped a direct child, so fields can follow. */
    protected void onReplace(String name, Module module) {}

    /** Every parameter and buffer below this module, with full dotted names, in PyTorch's order. */
    public final LinkedHashMap<String, Param> namedParams() {
        LinkedHashMap<String, Param> out = new LinkedHashMap<>();
        collect("", out);
        return out;
    }

    private void collect(String prefix, Map<String, Param> out) {
        // PyTorch lists parameters before buffers within a module
        params.forEach((k, p) -> {
            if (!p.isBuffer()) {
                out.put(prefix + k, p);
            }
        });
        params.forEach((k, p) -> {
            if (p.isBuffer()) {
                out.put(prefix + k, p);
            }
        });
        children.forEach((k, c) -> c.collect(prefix + k + ".", out));
    }

    /** The parameters the optimizer updates. */
    public final List<Param> trainableParams() {
        List<Param> out = new ArrayList<>();
        for (Param p : namedParams().values()) {
            if (p.trainable()) {
                out.add(p);
            }
        }
        return out;
    }

    /** Number of values in trainable parameters (buffers excluded). */
    public final long countTrainable() {
        long n = 0;
        for (Param p : trainableParams()) {
            n += p.numel();
        }
        return n;
    }

    /** Number of values in all parameters (buffers excluded). */
    public final long countParams() {
        long n = 0;
        for (Param p : namedParams().values()) {
            if (!p.isBuffer()) {
                n += p.numel();
            }
        }
        return n;
    }

    /** Freezes (or unfreezes) every parameter whose full name matches. */
    public final void setFrozen(Predicate<String> names, boolean frozen) {
        namedParams().forEach((name, p) -> {
            if (!p.isBuffer() && names.test(name)) {
                p.setFrozen(frozen);
            }
        });
    }

    /**
     * Creates arrays for every slot that has none yet and fills them with this module's default
     * initialisation. Each slot draws from its own stream keyed by seed and name, so the result
     * does not depend on the order modules were built in.
     */
    public final void materialize(NDManager manager, long seed) {
        namedParams().forEach((name, p) -> {
            if (!p.materialised()) {
                SplittableRandom rng = new SplittableRandom(seed ^ (name.hashCode() * 0x9E3779B97F4A7C15L));
                float[] values = owner(name).initValues(name.substring(name.lastIndexOf('.') + 1), p, rng);
                p.setArray(manager.create(values, p.djlShape()));
            }
        });
    }

    private Module owner(String fullName) {
        int dot = fullName.lastIndexOf('.');
        return dot < 0 ? this : find(fullName.substring(0, dot));
    }

    /**
     * Initial values for one slot. The default follows PyTorch's layer defaults: weights and
     * biases uniform in ±1/sqrt(fanIn), norm scales 1, shifts 0, running variance 1.
     */
    protected float[] initValues(String localName, Param p, SplittableRandom rng) {
        int n = Math.toIntExact(p.numel());
        return switch (p.kind()) {
            case NORM_WEIGHT, RUNNING_VAR -> Inits.constant(n, 1f);
            case NORM_BIAS, RUNNING_MEAN, COUNTER -> Inits.constant(n, 0f);
            case WEIGHT, OTHER -> Inits.uniform(n, 1.0 / Math.sqrt(Inits.fanIn(p.shape())), rng);
            case BIAS -> Inits.uniform(n, 1.0 / Math.sqrt(Math.max(1, biasFanIn())), rng);
        };
    }

    /** Fan-in of this module's weight, used to scale its bias. */
    protected long biasFanIn() {
        Param w = params.get("weight");
        return w == null ? 1 : Inits.fanIn(w.shape());
    }

    /** Copies every slot to the heap, in PyTorch's order and naming. */
    public final StateDict stateDict() {
        StateDict out = new StateDict();
        namedParams().forEach((name, p) -> out.put(name, new HostTensor(p.shape(), p.array().toFloatArray())));
        return out;
    }
}
