package dev.graft.nn;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/** PyTorch's {@code nn.Sequential}: children named 0, 1, 2, … applied in order. */
public class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    public final Sequential add(Module m) {
        child(Integer.toString(layers.size()), m);
        layers.add(m);
        return this;
    }

    public Module get(int i) {
        return layers.get(i);
    }

    public int size() {
        return layers.size();
    }

    @Override
    protected void onReplace(String name, Module module) {
        layers.set(Integer.parseInt(name), module);
    }

    /** Runs every layer; outputs between layers are freed once the next layer has used them ({@link Intermediates}). */
    @Override
    public NDArray forward(NDArray x, Ctx ctx) {
        return forwardRange(x, ctx, 0, layers.size());
    }

    /** Runs layers {@code [from, to)} only; transfer learning needs the input of the last one. */
    public NDArray forwardRange(NDArray x, Ctx ctx, int from, int to) {
        NDArray cur = x;
        for (int i = from; i < to; i++) {
            NDArray next = layers.get(i).call(cur, ctx);
            if (cur != x) {
                Intermediates.release(cur, next);
            }
            cur = next;
        }
        return cur;
    }
}
