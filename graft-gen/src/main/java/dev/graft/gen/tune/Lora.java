package dev.graft.gen.tune;

import dev.graft.nn.Module;
import dev.graft.weights.HostTensor;
import dev.graft.weights.StateDict;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LoRA over a whole generator: adapters on every {@link LoraConv2d} and {@link LoraLinear}, the
 * base weights frozen, and the adapters folded back into plain weights for saving, so a LoRA run
 * loads and samples like any other.
 */
public final class Lora {
    /** What adapter names contain. */
    public static final String MARK = "lora_";

    private Lora() {}

    /**
     * Adds adapters of rank {@code rank} (scale alpha/rank) everywhere, then freezes every
     * parameter that is not an adapter. Call {@code materialize} afterwards to create them.
     *
     * @return the number of layers adapted
     */
    public static int apply(Module root, int rank, float alpha) {
        if (rank < 1) {
            throw new IllegalArgumentException("LoRA rank must be >= 1, got " + rank);
        }
        int n = 0;
        for (Module m : layers(root).values()) {
            if (m instanceof LoraConv2d c) {
                c.addLora(rank, alpha);
            } else {
                ((LoraLinear) m).addLora(rank, alpha);
            }
            n++;
        }
        root.setFrozen(name -> !name.contains(MARK), true);
        return n;
    }

    /** Every LoRA-capable layer below {@code root}, by dotted path. */
    public static Map<String, Module> layers(Module root) {
        Map<String, Module> out = new LinkedHashMap<>();
        collect(root, "", out);
        return out;
    }

    private static void collect(Module m, String path, Map<String, Module> out) {
        if (m instanceof LoraConv2d || m instanceof LoraLinear) {
            out.put(path, m);
            return; // an adapter's own layers are plain Conv2d/Linear
        }
        m.children().forEach((name, c) -> collect(c, path.isEmpty() ? name : path + "." + name, out));
    }

    /** The weights with every adapter folded in and the adapter tensors left out. */
    public static StateDict merged(Module root) {
        StateDict all = root.stateDict();
        StateDict out = new StateDict();
        Map<String, float[]> mergedWeights = new LinkedHashMap<>();
        layers(root).forEach((path, m) -> {
            if (m instanceof LoraConv2d c && c.hasLora()) {
                mergedWeights.put(path + ".weight", c.mergedWeight());
            } else if (m instanceof LoraLinear l && l.hasLora()) {
                mergedWeights.put(path + ".weight", l.mergedWeight());
            }
        });
        all.tensors().forEach((name, t) -> {
            if (name.contains(MARK)) {
                return;
            }
            float[] m = mergedWeights.get(name);
            out.put(name, m == null ? t : new HostTensor(t.shape(), m));
        });
        return out;
    }

    /** Only the adapter tensors. */
    public static StateDict adapters(Module root) {
        StateDict out = new StateDict();
        root.stateDict().tensors().forEach((name, t) -> {
            if (name.contains(MARK)) {
                out.put(name, t);
            }
        });
        return out;
    }
}
