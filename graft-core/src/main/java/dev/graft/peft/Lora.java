package dev.graft.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.graft.model.Network;
import dev.graft.nn.Conv2d;
import dev.graft.nn.Inits;
import dev.graft.nn.Linear;
import dev.graft.nn.Module;
import dev.graft.nn.MultiheadAttention;
import dev.graft.nn.Param;
import dev.graft.weights.HostTensor;
import dev.graft.weights.StateDict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * LoRA on Linear and Conv2d layers, and on attention's stacked query/key/value projection
 * ({@code in_proj_weight}). Each target layer keeps its own parameters, so pretrained weights
 * load under their usual names, and gains {@code lora_A} and {@code lora_B} beside them
 * ({@code layer4.0.conv1.lora_A}); its weight then acts as {@code W + (alpha/r)·B·A}. B starts at
 * zero, so the network starts exactly as the pretrained one. The layers are extended in place
 * rather than wrapped, because architectures call their layers through fields and a wrapper put
 * into the module tree would be silently bypassed.
 */
public final class Lora {
    public static final String A = "lora_A";
    public static final String B = "lora_B";

    private Lora() {}

    /**
     * The default targets of a family. ResNets: every convolution of the residual blocks in the
     * top two stages ({@code layer3}, {@code layer4}); the lower stages compute edges and textures
     * that transfer unchanged, the top stages are where source and target tasks differ. ViTs: in
     * every encoder layer, the attention's stacked query/key/value projection (the
     * {@code self_attention} module's {@code in_proj_weight}), its output projection, and both MLP
     * layers. Other families: every eligible layer in the top two stages.
     */
    public static List<String> defaultTargets(Network net) {
        if (net.arch().startsWith("resnet")) {
            return List.of("layer3.*.conv*", "layer4.*.conv*");
        }
        if (net.arch().startsWith("vit")) {
            return List.of("encoder.layers.*.self_attention", "encoder.layers.*.self_attention.out_proj",
                    "encoder.layers.*.mlp.0", "encoder.layers.*.mlp.3");
        }
        List<Network.Stage> stages = net.stages();
        List<String> out = new ArrayList<>();
        for (Network.Stage s : stages.subList(Math.max(0, stages.size() - 2), stages.size())) {
            for (String p : s.prefixes()) {
                out.add(p);
                out.add(p + ".**");
            }
        }
        return out;
    }

    /**
     * Adds LoRA to every layer a glob names (the family defaults when {@code globs} is empty).
     * Every glob must name at least one eligible layer outside the head.
     *
     * @return the paths of the extended layers, in network order
     */
    public static List<String> apply(Network net, int rank, float alpha, List<String> globs, long seed) {
        List<String> patterns = globs.isEmpty() ? defaultTargets(net) : globs;
        Map<String, Param> candidates = candidates(net);
        List<String> chosen = new ArrayList<>();
        for (String g : patterns) {
            Pattern p = ModuleWalk.glob(g);
            List<String> hit = candidates.keySet().stream().filter(path -> p.matcher(path).matches()).toList();
            if (hit.isEmpty() && !globs.isEmpty()) {
                throw new IllegalArgumentException("`loraTargets`: '" + g + "' names no Linear, ungrouped Conv2d or "
                        + "attention layer of " + net.arch() + " outside its head; such layers are e.g. "
                        + candidates.keySet().stream().limit(6).toList());
            }
            hit.forEach(h -> {
                if (!chosen.contains(h)) {
                    chosen.add(h);
                }
            });
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException(net.arch() + " has no Linear, ungrouped Conv2d or attention layer in its "
                    + "default LoRA targets; name some with `loraTargets`");
        }
        List<String> ordered = candidates.keySet().stream().filter(chosen::contains).toList();
        for (String path : ordered) {
            extend(path, net.find(path), candidates.get(path), rank, alpha / rank, seed);
        }
        return ordered;
    }

    /**
     * Adds LoRA to every layer below {@code root} that can carry it, for modules without a head
     * or family defaults (the generators).
     *
     * @return the paths of the extended layers, in module order
     */
    public static List<String> applyAll(Module root, int rank, float alpha, long seed) {
        Map<String, Param> layers = eligible(root);
        layers.forEach((path, w) -> extend(path, root.find(path), w, rank, alpha / rank, seed));
        return List.copyOf(layers.keySet());
    }

    /** The layers LoRA can change outside the head (see {@link #eligible}). */
    private static Map<String, Param> candidates(Network net) {
        Map<String, Param> out = new LinkedHashMap<>();
        eligible(net).forEach((path, w) -> {
            if (!path.equals(net.headPath()) && !path.startsWith(net.headPath() + ".")) {
                out.put(path, w);
            }
        });
        return out;
    }

    /**
     * The layers LoRA can change, by path, with the weight it changes: Linear, ungrouped Conv2d,
     * and attention's stacked input projection. Each reads that weight through
     * {@link Param#value}, which is where the update applies.
     */
    private static Map<String, Param> eligible(Module root) {
        Map<String, Param> out = new LinkedHashMap<>();
        ModuleWalk.all(root).forEach((path, m) -> {
            Param w = m instanceof Linear l ? l.weight()
                    : m instanceof Conv2d c && c.groups() == 1 ? c.weight()
                    : m instanceof MultiheadAttention ? m.namedParams().get("in_proj_weight") : null;
            if (w != null) {
                out.put(path, w);
            }
        });
        return out;
    }

    private static void extend(String path, Module m, Param w, int rank, float scale, long seed) {
        if (w.update() != null) {
            throw new IllegalStateException(path + " already has LoRA");
        }
        long[] s = w.shape();
        long[] aShape = s.clone();
        aShape[0] = rank;
        long[] bShape = s.length == 4 ? new long[] {s[0], rank, 1, 1} : new long[] {s[0], rank};
        Param a = m.addParameter(A, Param.Kind.WEIGHT, aShape);
        Param b = m.addParameter(B, Param.Kind.WEIGHT, bShape);
        NDManager manager = w.array().getManager();
        // A as PyTorch's kaiming_uniform_(a=sqrt(5)), i.e. uniform in ±1/sqrt(fanIn); B zero
        SplittableRandom rng = new SplittableRandom(seed ^ ((path + "." + A).hashCode() * 0x9E3779B97F4A7C15L));
        a.setArray(manager.create(Inits.uniform((int) a.numel(), 1.0 / Math.sqrt(Inits.fanIn(aShape)), rng),
                a.djlShape()));
        b.setArray(manager.create(new float[(int) b.numel()], b.djlShape()));
        w.setUpdate(new LoraUpdate(w, a, b, scale));
    }

    /** The layers carrying LoRA, by module path. */
    public static Map<String, LoraUpdate> layers(Module net) {
        Map<String, LoraUpdate> out = new LinkedHashMap<>();
        net.namedParams().forEach((name, p) -> {
            if (p.update() instanceof LoraUpdate u) {
                int dot = name.lastIndexOf('.');
                out.put(dot < 0 ? "" : name.substring(0, dot), u);
            }
        });
        return out;
    }

    /**
     * Folds every LoRA update into its weight and removes {@code lora_A}/{@code lora_B}: the
     * network then has its base architecture's parameters only, and computes what it computed
     * before (the folded weight is the one each forward pass used).
     *
     * @return the number of layers merged
     */
    public static int merge(Module net) {
        Map<String, LoraUpdate> layers = layers(net);
        layers.forEach((path, u) -> {
            Module m = path.isEmpty() ? net : net.find(path);
            Param w = u.weight();
            w.setArray(w.array().getManager().create(folded(u), w.djlShape()));
            w.setUpdate(null);
            m.removeParameter(A);
            m.removeParameter(B);
        });
        return layers.size();
    }

    /**
     * The state dict {@link #merge} would leave, without changing the network: every LoRA update
     * folded into its weight, and no {@code lora_A}/{@code lora_B}.
     */
    public static StateDict merged(Module net) {
        StateDict out = new StateDict();
        net.namedParams().forEach((name, p) -> {
            if (!isLora(name)) {
                out.put(name, new HostTensor(p.shape(), p.update() instanceof LoraUpdate u ? folded(u)
                        : p.array().toFloatArray()));
            }
        });
        return out;
    }

    /** Only the {@code lora_A}/{@code lora_B} tensors. */
    public static StateDict tensors(Module net) {
        StateDict out = new StateDict();
        net.stateDict().tensors().forEach((name, t) -> {
            if (isLora(name)) {
                out.put(name, t);
            }
        });
        return out;
    }

    /** Whether a parameter name is one LoRA added. */
    public static boolean isLora(String name) {
        return name.equals(A) || name.equals(B) || name.endsWith("." + A) || name.endsWith("." + B);
    }

    /** {@code W + scale·B·A}, the one way a LoRA update is folded in. */
    private static float[] folded(LoraUpdate u) {
        NDArray base = u.weight().array();
        try (NDManager tmp = base.getManager().newSubManager()) {
            return u.delta(tmp).add(base).toFloatArray();
        }
    }
}
