package dev.graft.pretrain.ssl;

import ai.djl.ndarray.NDArray;
import dev.graft.nn.Ctx;
import dev.graft.nn.Linear;
import dev.graft.nn.Module;

/**
 * SimCLR's projection head: Linear, ReLU, Linear. The loss is computed on its output so the
 * backbone's features (its input) keep information the loss itself would throw away; it is
 * discarded after pretraining.
 */
public final class Projector extends Module {
    private final Linear first;
    private final Linear second;

    public Projector(int in, int hidden, int out) {
        this.first = child("0", new Linear(in, hidden));
        this.second = child("2", new Linear(hidden, out));
    }

    @Override
    public NDArray forward(NDArray x, Ctx ctx) {
        return second.forward(ai.djl.nn.Activation.relu(first.forward(x, ctx)), ctx);
    }
}
