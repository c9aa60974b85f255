package dev.graft.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.graft.engine.Engines;
import dev.graft.nn.Ctx;
import dev.graft.nn.Module;
import dev.graft.nn.Param;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One optimizer step on values small enough to derive by hand. */
class OptimizerTest {
    /** y = w . x with w = [1, -2] (and a 1-D bias b = 0.5 that weight decay must skip). */
    static final class Dot extends Module {
        final Param w = param("w", Param.Kind.WEIGHT, 1, 2);
        final Param b = param("b", Param.Kind.BIAS, 1);

        @Override
        public NDArray forward(NDArray x, Ctx ctx) {
            return x.matMul(w.array().transpose()).add(b.array());
        }
    }

    private static Dot model(NDManager m) {
        Dot d = new Dot();
        d.materialize(m, 0);
        d.w.array().set(new float[] {1f, -2f});
        d.b.array().set(new float[] {0.5f});
        return d;
    }

    /** loss = sum(w . x + b) with x = [3, 4]: dL/dw = [3, 4], dL/db = 1. */
    private static void backward(Dot d, NDManager m) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = d.forward(m.create(new float[] {3f, 4f}, new ai.djl.ndarray.types.Shape(1, 2)), Ctx.EVAL);
            gc.backward(y.sum());
        }
    }

    @Test
    void sgdWithoutMomentumIsPlainGradientDescentPlusL2OnWeightsOnly() {
        try (NDManager m = Engines.newManager()) {
            Dot d = model(m);
            Optimizer opt = new Optimizer(TrainConfig.Optim.SGD, 0f, 0.1f);
            opt.setParams(d.namedParams(), Map.of("b", 2f));
            backward(d, m);
            opt.step(0.5f, 1f);
            // w - lr * (g + wd * w) = [1 - 0.5 * (3 + 0.1), -2 - 0.5 * (4 - 0.2)] = [-0.55, -3.9]
            float[] w = d.w.array().toFloatArray();
            assertEquals(-0.55f, w[0], 1e-6);
            assertEquals(-3.9f, w[1], 1e-6);
            // bias: lr multiplier 2, no decay: 0.5 - 1.0 * 1 = -0.5
            assertEquals(-0.5f, d.b.array().getFloat(0), 1e-6);
        }
    }

    @Test
    void firstAdamWStepMovesEachWeightByTheLearningRate() {
        try (NDManager m = Engines.newManager()) {
            Dot d = model(m);
            Optimizer opt = new Optimizer(TrainConfig.Optim.ADAMW, 0.9f, 0.5f);
            opt.setParams(d.namedParams(), Map.of());
            backward(d, m);
            opt.step(0.1f, 1f);
            // decoupled decay first: w *= 1 - lr*wd = 0.95; then Adam's bias-corrected first step is lr * sign(g)
            float[] w = d.w.array().toFloatArray();
            assertEquals(0.95f - 0.1f, w[0], 1e-5);
            assertEquals(-1.9f - 0.1f, w[1], 1e-5);
            assertEquals(0.4f, d.b.array().getFloat(0), 1e-5);
        }
    }

    @Test
    void frozenParametersAreNotUpdated() {
        try (NDManager m = Engines.newManager()) {
            Dot d = model(m);
            d.w.setFrozen(true);
            Optimizer opt = new Optimizer(TrainConfig.Optim.SGD, 0.9f, 0f);
            opt.setParams(d.namedParams(), Map.of());
            backward(d, m);
            opt.step(0.5f, 1f);
            assertEquals(1f, d.w.array().getFloat(0, 0));
            assertEquals(0f, d.b.array().getFloat(0), 1e-6);
        }
    }

    @Test
    void eachStepUsesOnlyTheLatestGradient() {
        try (NDManager m = Engines.newManager()) {
            Dot d = model(m);
            Optimizer opt = new Optimizer(TrainConfig.Optim.SGD, 0f, 0f);
            opt.setParams(d.namedParams(), Map.of());
            backward(d, m);
            opt.step(0.5f, 1f); // w = [1 - 1.5, -2 - 2] = [-0.5, -4]
            backward(d, m);
            opt.step(0.5f, 1f); // the same gradient again, not twice it: [-2, -6]
            float[] w = d.w.array().toFloatArray();
            assertEquals(-2f, w[0], 1e-6);
            assertEquals(-6f, w[1], 1e-6);
        }
    }
}
