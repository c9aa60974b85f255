package dev.graft.nn;

import static dev.graft.testing.AllClose.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.engine.Engines;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-derived values for the layers the modern backbones add. */
class ModernLayersTest {
    private static final double TIGHT = 1e-6;

    @Test
    void activationsMatchTheirDefinitions() {
        try (NDManager m = Engines.newManager()) {
            NDArray x = m.create(new float[] {-4f, -1f, 0f, 1f, 4f, 7f});
            // exact GELU: x * (1 + erf(x / sqrt 2)) / 2; the tanh approximation gives 0.841192 at 1
            assertAllClose(Activations.gelu(x).toFloatArray(),
                    new float[] {-1.26685e-4f, -0.15865525f, 0f, 0.84134475f, 3.99987332f, 7f}, TIGHT, 0, "gelu");
            assertAllClose(Activations.silu(x).toFloatArray(),
                    new float[] {-0.07194484f, -0.26894142f, 0f, 0.73105858f, 3.92805516f, 6.99362264f}, TIGHT, 0, "silu");
            assertAllClose(Activations.hardswish(x).toFloatArray(),
                    new float[] {0f, -1f / 3f, 0f, 2f / 3f, 4f, 7f}, TIGHT, 0, "hardswish");
            assertAllClose(Activations.hardsigmoid(x).toFloatArray(),
                    new float[] {0f, 1f / 3f, 0.5f, 2f / 3f, 1f, 1f}, TIGHT, 0, "hardsigmoid");
            assertAllClose(Activations.relu6(x).toFloatArray(), new float[] {0f, 0f, 0f, 1f, 4f, 6f}, TIGHT, 0, "relu6");
        }
    }

    @Test
    void layerNormNormalisesTheLastDimensionAndLayerNorm2dTheChannels() {
        try (NDManager m = Engines.newManager()) {
            Norms.LayerNorm ln = new Norms.LayerNorm(4, 0f);
            ln.materialize(m, 1);
            // mean 2.5, variance 1.25
            float a = (float) (1.5 / Math.sqrt(1.25));
            float b = (float) (0.5 / Math.sqrt(1.25));
            NDArray y = ln.forward(m.create(new float[] {1, 2, 3, 4}, new Shape(1, 4)), Ctx.EVAL);
            assertAllClose(y.toFloatArray(), new float[] {-a, -b, b, a}, TIGHT, 0, "layer norm");

            Norms.LayerNorm2d ln2d = new Norms.LayerNorm2d(4, 0f);
            ln2d.materialize(m, 1);
            // [1, C=4, 1, W=2]: pixel 0 holds 1,2,3,4 across channels, pixel 1 holds 40,30,20,10
            NDArray img = m.create(new float[] {1, 40, 2, 30, 3, 20, 4, 10}, new Shape(1, 4, 1, 2));
            NDArray z = ln2d.forward(img, Ctx.EVAL);
            assertArrayEquals(new long[] {1, 4, 1, 2}, z.getShape().getShape());
            assertAllClose(z.toFloatArray(), new float[] {-a, a, -b, b, b, -b, a, -a}, TIGHT, 0, "layer norm 2d");
        }
    }

    @Test
    void stochasticDepthDropsWholeRowsOnlyWhileTraining() {
        try (NDManager m = Engines.newManager()) {
            Engines.seed(7);
            NDArray x = m.ones(new Shape(2000, 3, 2, 2));
            StochasticDepth sd = new StochasticDepth(0.25f);
            assertSame(x, sd.forward(x, Ctx.EVAL));
            assertSame(x, new StochasticDepth(0f).forward(x, Ctx.train(BnPolicy.TRAIN)));
            float[] y = sd.forward(x, Ctx.train(BnPolicy.TRAIN)).toFloatArray();
            int kept = 0;
            for (int row = 0; row < 2000; row++) {
                float first = y[row * 12];
                for (int i = 1; i < 12; i++) {
                    assertEquals(first, y[row * 12 + i], "row " + row + " is dropped or kept as a whole");
                }
                assertTrue(first == 0f || Math.abs(first - 1f / 0.75f) < 1e-6, "survivors scale by 1/(1-p): " + first);
                kept += first == 0f ? 0 : 1;
            }
            // 1500 expected; 5 standard deviations is about ±97
            assertTrue(Math.abs(kept - 1500) < 100, "kept " + kept + " of 2000 rows at p = 0.25");
            float[] all = new StochasticDepth(1f).forward(x, Ctx.train(BnPolicy.TRAIN)).toFloatArray();
            for (float v : all) {
                assertEquals(0f, v);
            }
        }
    }

    @Test
    void stochasticDepthRateScalesWithRelativeDepth() {
        StochasticDepth mid = StochasticDepth.atDepth(0.5f, 0.2f);
        StochasticDepth top = StochasticDepth.atDepth(1f, 0.2f);
        StochasticDepth fixed = new StochasticDepth(0.3f);
        assertEquals(0.1f, mid.probability(), 1e-7);
        StochasticDepth.setRate(List.of(mid, top, fixed), 0.4f);
        assertEquals(0.2f, mid.probability(), 1e-7);
        assertEquals(0.4f, top.probability(), 1e-7);
        assertEquals(0.3f, fixed.probability(), 1e-7);
        assertThrows(IllegalArgumentException.class, () -> StochasticDepth.atDepth(1.5f, 0.1f));
        assertThrows(IllegalArgumentException.class, () -> new StochasticDepth(-0.1f));
    }

    @Test
    void attentionOverOneTokenIsTheValueProjectionThenTheOutputProjection() {
        try (NDManager m = Engines.newManager()) {
            MultiheadAttention mha = new MultiheadAttention(2, 2, 0f);
            mha.materialize(m, 1);
            var p = mha.namedParams();
            assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"),
                    List.copyOf(p.keySet()));
            // rows 0-1 project queries, 2-3 keys, 4-5 values
            p.get("in_proj_weight").array().set(new float[] {9, 9, 9, 9, 9, 9, 9, 9, 1, 2, 3, 4});
            p.get("in_proj_bias").array().set(new float[] {5, 5, 5, 5, 0.5f, -0.5f});
            p.get("out_proj.weight").array().set(new float[] {1, 0, 1, 1});
            p.get("out_proj.bias").array().set(new float[] {0, 10});
            // a single token attends only to itself, whatever the queries and keys
            NDArray y = mha.forward(m.create(new float[] {1, 1}, new Shape(1, 1, 2)), Ctx.EVAL);
            // v = [1+2+0.5, 3+4-0.5] = [3.5, 6.5]; out = [3.5, 3.5+6.5+10]
            assertAllClose(y.toFloatArray(), new float[] {3.5f, 20f}, TIGHT, 0, "attention");
        }
    }

    @Test
    void attentionAveragesValuesWhenScoresTie() {
        try (NDManager m = Engines.newManager()) {
            MultiheadAttention mha = new MultiheadAttention(1, 1, 0f);
            mha.materialize(m, 1);
            var p = mha.namedParams();
            // zero query and key projections: every score is 0, so weights are uniform
            p.get("in_proj_weight").array().set(new float[] {0, 0, 1});
            p.get("in_proj_bias").array().set(new float[] {0, 0, 0});
            p.get("out_proj.weight").array().set(new float[] {1});
            p.get("out_proj.bias").array().set(new float[] {0});
            NDArray y = mha.forward(m.create(new float[] {1, 2, 6}, new Shape(1, 3, 1)), Ctx.EVAL);
            assertAllClose(y.toFloatArray(), new float[] {3, 3, 3}, TIGHT, 0, "mean of values");
        }
    }
}
