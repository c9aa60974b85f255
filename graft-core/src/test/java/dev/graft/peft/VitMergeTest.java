package dev.graft.peft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.engine.Engines;
import dev.graft.model.Models;
import dev.graft.model.HeadSpec;
import dev.graft.model.Network;
import dev.graft.nn.Ctx;
import dev.graft.nn.Param;
import dev.graft.testing.AllClose;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Merging a ViT whose every LoRA adapter is non-zero: each base weight must become exactly
 * {@code W + (alpha/r)·B·A}, and the merged network must compute what the unmerged one did. With
 * only some adapters non-zero, a merge (or a forward pass) that skipped a kind of layer, such as
 * the attention's {@code out_proj}, would go unnoticed.
 */
class VitMergeTest {
    @Test
    void everyAdapterOfEveryKindIsFoldedIn() {
        try (NDManager m = Engines.newManager()) {
            Network net = Models.build("vit_ti_16", 3, HeadSpec.LINEAR, m, 5);
            List<String> layers = Lora.apply(net, 4, 8f, List.of(), 1);
            assertEquals(48, layers.size(), "12 encoder layers x (in_proj, out_proj, mlp.0, mlp.3)");
            Map<String, LoraUpdate> updates = Lora.layers(net);
            Map<String, float[]> expected = new LinkedHashMap<>();
            long seed = 100;
            for (var e : updates.entrySet()) {
                LoraTest.fill(net.namedParams().get(e.getKey() + "." + Lora.A), seed++, 0.3);
                LoraTest.fill(net.namedParams().get(e.getKey() + "." + Lora.B), seed++, 0.3);
                Param w = e.getValue().weight();
                expected.put(e.getKey(), manualMerge(w, net.namedParams().get(e.getKey() + "." + Lora.A),
                        net.namedParams().get(e.getKey() + "." + Lora.B), e.getValue().scale()));
            }
            assertTrue(expected.keySet().stream().anyMatch(k -> k.endsWith("self_attention.out_proj")));
            NDArray x = m.randomNormal(new Shape(1, 3, 224, 224));
            float[] unmerged = net.forward(x, Ctx.EVAL).toFloatArray();

            assertEquals(48, Lora.merge(net));
            for (var e : expected.entrySet()) {
                String weightName = e.getKey().endsWith("self_attention") ? e.getKey() + ".in_proj_weight"
                        : e.getKey() + ".weight";
                AllClose.assertAllClose(net.namedParams().get(weightName).array().toFloatArray(), e.getValue(),
                        1e-5, 1e-6, weightName + " = W + (alpha/r)·B·A");
            }
            AllClose.assertAllClose(net.forward(x, Ctx.EVAL).toFloatArray(), unmerged, 1e-4, 1e-5,
                    "the merged ViT computes what the unmerged one did");
        }
    }

    /** {@code W + scale·B·A} computed in plain Java from the three parameters' values. */
    private static float[] manualMerge(Param w, Param a, Param b, float scale) {
        float[] wv = w.array().toFloatArray();
        float[] av = a.array().toFloatArray();
        float[] bv = b.array().toFloatArray();
        int rows = (int) w.shape()[0];
        int cols = (int) (w.numel() / rows);
        int rank = (int) a.shape()[0];
        float[] out = wv.clone();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double s = 0;
                for (int k = 0; k < rank; k++) {
                    s += (double) bv[i * rank + k] * av[k * cols + j];
                }
                out[i * cols + j] += (float) (scale * s);
            }
        }
        return out;
    }
}
