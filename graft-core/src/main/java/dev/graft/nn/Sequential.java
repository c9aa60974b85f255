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

    @Override
    public NDArray forward(NDArray x, Ctx ctx) {
        for (Module m : layers) {
            x = m.call(x, ctx);
        }
        return x;
    }

    /** Runs layers {@code [from, to)} only; transfer learning needs the input of the last one. */
    public NDArray forwardRange(NDArray x, Ctx ctx, int from, int to) {
        for (int i = from; i < to; i++) {
            x = layers.get(i).call(x, ctx);
        }
        return x;
    }
}
