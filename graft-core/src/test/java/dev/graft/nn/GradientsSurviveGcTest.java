package dev.graft.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.graft.engine.Engines;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Ops with a constant operand keep it alive until backward: DJL frees the scalar of
 * {@code mul(Number)} and {@code div(Number)} at once, and a garbage collection between forward
 * and backward then fed freed memory into the gradient.
 */
class GradientsSurviveGcTest {
    @Test
    void hardActivationsDifferentiateAfterAGarbageCollection() throws InterruptedException {
        float[] x = {1f, -1f, 2f, -4f};
        // hardswish' = (2x + 3) / 6 inside (-3, 3); hardsigmoid' = 1/6 there; both 0 below -3
        assertArrayEquals(new float[] {5f / 6, 1f / 6, 7f / 6, 0f}, gradient(Activations::hardswish, x), 1e-6f);
        assertArrayEquals(new float[] {1f / 6, 1f / 6, 1f / 6, 0f}, gradient(Activations::hardsigmoid, x), 1e-6f);
    }

    @Test
    void attentionDifferentiatesTheSameWithAGarbageCollectionInBetween() throws InterruptedException {
        try (NDManager m = Engines.newManager()) {
            MultiheadAttention attn = new MultiheadAttention(4, 2, 0f);
            attn.materialize(m, 3);
            float[] x = new float[2 * 3 * 4];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.sin(i);
            }
            UnaryOperator<NDArray> f = a -> attn.forward(a, Ctx.EVAL);
            assertArrayEquals(gradient(m, f, x, new long[] {2, 3, 4}, false), gradient(m, f, x, new long[] {2, 3, 4}, true));
        }
    }

    private static float[] gradient(UnaryOperator<NDArray> f, float[] x) throws InterruptedException {
        try (NDManager m = Engines.newManager()) {
            return gradient(m, f, x, new long[] {x.length}, true);
        }
    }

    /** d(sum f(x))/dx, with (or without) collections between forward and backward. */
    private static float[] gradient(NDManager m, UnaryOperator<NDArray> f, float[] values, long[] shape, boolean gc)
            throws InterruptedException {
        try (NDManager sm = m.newSubManager()) {
            NDArray x = sm.create(values, new Shape(shape));
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = f.apply(x).sum();
                for (int i = 0; gc && i < 3; i++) {
                    System.gc();
                    Thread.sleep(30);
                }
                collector.backward(loss);
            }
            return x.getGradient().toFloatArray();
        }
    }
}
