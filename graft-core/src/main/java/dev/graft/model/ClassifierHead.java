package dev.graft.model;

import ai.djl.ndarray.NDArray;
import dev.graft.nn.Ctx;
import dev.graft.nn.Layers;
import dev.graft.nn.Linear;
import dev.graft.nn.Module;
import dev.graft.nn.Param;

/**
 * The new head transfer learning adds: dropout, then either one Linear layer (parameters named
 * {@code weight} and {@code bias}, so a saved model loads into torchvision as is) or a small MLP
 * ({@code 0} Linear, ReLU, dropout, {@code 2} Linear).
 */
public final class ClassifierHead extends Module {
    private final HeadSpec spec;
    private final Param weight;
    private final Param bias;
    private final Linear hidden;
    private final Linear out;

    public ClassifierHead(int inFeatures, int numClasses, HeadSpec spec) {
        this.spec = spec;
        if (spec.hidden() > 0) {
            this.hidden = child("0", new Linear(inFeatures, spec.hidden()));
            child("1", Layers.relu());
            this.out = child("2", new Linear(spec.hidden(), numClasses));
            this.weight = null;
            this.bias = null;
        } else {
            this.hidden = null;
            this.out = null;
            this.weight = param("weight", Param.Kind.WEIGHT, numClasses, inFeatures);
            this.bias = param("bias", Param.Kind.BIAS, numClasses);
        }
    }

    public HeadSpec spec() {
        return spec;
    }

    @Override
    public NDArray forward(NDArray x, Ctx ctx) {
        x = Layers.dropout(x, spec.dropout(), ctx);
        if (hidden == null) {
            return ai.djl.nn.core.Linear.linear(x, weight.array(), bias.array()).singletonOrThrow();
        }
        x = ai.djl.nn.Activation.relu(hidden.forward(x, ctx));
        x = Layers.dropout(x, spec.dropout(), ctx);
        return out.forward(x, ctx);
    }
}
