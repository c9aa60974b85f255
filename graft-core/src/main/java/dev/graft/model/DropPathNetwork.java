package dev.graft.model;

import java.util.List;

/**
 * A network with residual blocks whose branch {@code --drop-path} can drop per sample while
 * training (stochastic depth, Huang et al. 2016), leaving only the shortcut. Evaluation never
 * drops. (The layer that drops a branch is {@link dev.graft.nn.StochasticDepth}.)
 */
public interface DropPathNetwork {
    /**
     * Sets the drop-path rates as timm does: 0 for the first block, rising linearly to
     * {@code rate} for the last. 0 turns stochastic depth off.
     */
    void setDropPath(float rate);

    /** The current rate of every residual block, bottom to top. */
    List<Float> dropPathRates();

    /** Sets the rate on {@code net}, or fails naming the architecture when it has no residual blocks. */
    static void apply(Network net, float rate) {
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException("drop-path rate must be in [0, 1), got " + rate + "; fix `dropPath`");
        }
        if (net instanceof DropPathNetwork sd) {
            sd.setDropPath(rate);
        } else if (rate > 0) {
            throw new IllegalArgumentException(net.arch() + " has no residual blocks for stochastic depth; drop "
                    + "`dropPath`");
        }
    }
}
