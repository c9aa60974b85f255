package dev.graft.gen;

import dev.graft.nn.Module;
import dev.graft.nn.Param;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exponential moving average of a network's weights, kept on the heap. Diffusion models and
 * GANs sample far better from the average than from the last step's weights. Buffers (BatchNorm
 * statistics) are not averaged: the average takes their current value.
 */
public final class Ema {
    private final Module net;
    private final float decay;
    private final Map<String, float[]> shadow = new LinkedHashMap<>();
    private Map<String, float[]> parked;
    private long updates;

    /** @param decay weight of the old average per update, e.g. 0.999; 0 makes the average the weights */
    public Ema(Module net, float decay) {
        if (decay < 0 || decay >= 1) {
            throw new IllegalArgumentException("EMA decay must be in [0, 1), got " + decay);
        }
        this.net = net;
        this.decay = decay;
        net.namedParams().forEach((name, p) -> shadow.put(name, p.array().toFloatArray()));
    }

    /**
     * Folds the current weights in. The first updates use a smaller decay, {@code (1+k)/(10+k)},
     * so that the average does not drag the random start along (as TensorFlow's EMA does).
     */
    public void update() {
        updates++;
        float d = Math.min(decay, (1f + updates) / (10f + updates));
        net.namedParams().forEach((name, p) -> {
            float[] w = p.array().toFloatArray();
            float[] s = shadow.get(name);
            if (p.isBuffer() || !p.trainable()) {
                System.arraycopy(w, 0, s, 0, w.length);
                return;
            }
            for (int i = 0; i < s.length; i++) {
                s[i] = d * s[i] + (1 - d) * w[i];
            }
        });
    }

    /** Puts the average into the network, keeping the training weights aside until {@link #swapOut}. */
    public void swapIn() {
        if (parked != null) {
            throw new IllegalStateException("EMA weights are already swapped in");
        }
        parked = new LinkedHashMap<>();
        for (Map.Entry<String, Param> e : net.namedParams().entrySet()) {
            parked.put(e.getKey(), e.getValue().array().toFloatArray());
            e.getValue().array().set(shadow.get(e.getKey()));
        }
    }

    /** Restores the training weights. */
    public void swapOut() {
        if (parked == null) {
            throw new IllegalStateException("EMA weights are not swapped in");
        }
        for (Map.Entry<String, Param> e : net.namedParams().entrySet()) {
            e.getValue().array().set(parked.get(e.getKey()));
        }
        parked = null;
    }
}
