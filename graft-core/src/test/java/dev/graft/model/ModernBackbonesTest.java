package dev.graft.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.engine.Engines;
import dev.graft.nn.BnPolicy;
import dev.graft.nn.Ctx;
import dev.graft.nn.Module;
import dev.graft.testing.AllClose;
import dev.graft.train.Freezing;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Invariants of the modern backbones beyond the registry contract: sizes, stages, input checks. */
class ModernBackbonesTest {
    /** Parameter counts torchvision 0.14 publishes in its weights metadata ({@code num_params}). */
    private static final Map<String, Long> TORCHVISION_PARAMS = Map.of(
            "mobilenet_v2", 3_504_872L, "mobilenet_v3_large", 5_483_032L, "mobilenet_v3_small", 2_542_856L,
            "efficientnet_b0", 5_288_548L, "efficientnet_b1", 7_794_184L, "efficientnet_b2", 9_109_994L,
            "efficientnet_b3", 12_233_232L, "convnext_tiny", 28_589_128L, "vit_b_16", 86_567_656L);

    @Test
    void parameterCountsMatchTorchvision() {
        TORCHVISION_PARAMS.forEach((arch, n) ->
                assertEquals(n, Architectures.get(arch).create(1000).countParams(), arch));
        // torchvision's VisionTransformer(224, 16, 12, heads, width, mlp), counted with torch 1.13
        assertEquals(22_050_664L, Architectures.get("vit_s_16").create(1000).countParams());
        assertEquals(5_717_416L, Architectures.get("vit_ti_16").create(1000).countParams());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mobilenet_v2", "mobilenet_v3_large", "mobilenet_v3_small", "efficientnet_b0",
        "efficientnet_b1", "efficientnet_b2", "efficientnet_b3", "convnext_tiny", "vit_b_16", "vit_s_16", "vit_ti_16"})
    void everyParameterBelowTheHeadIsInExactlyOneStage(String arch) {
        Network net = Architectures.get(arch).create(10);
        var stages = net.stages();
        assertEquals("stem", stages.get(0).name());
        assertTrue(stages.size() >= 4, arch + " has " + stages.size() + " stages");
        net.namedParams().forEach((name, p) -> {
            long in = stages.stream().filter(s -> s.contains(name)).count();
            assertEquals(net.isHeadParam(name) ? 0 : 1, in, arch + ": " + name + " is in " + in + " stages");
        });
        // partial freezing through the stages leaves exactly the top stages and the head trainable
        Freezing.freezeStages(net, stages.size() - 2, BnPolicy.TRAIN);
        net.namedParams().forEach((name, p) -> {
            if (!p.isBuffer()) {
                boolean top = net.isHeadParam(name) || stages.get(stages.size() - 1).contains(name);
                assertEquals(top, p.trainable(), arch + ": " + name);
            }
        });
    }

    @Test
    void featuresAreTheInputOfTheHead() {
        try (NDManager m = Engines.newManager()) {
            for (String arch : new String[] {"mobilenet_v3_small", "convnext_tiny"}) {
                Network net = Architectures.get(arch).create(5);
                net.materialize(m, 1);
                NDArray x = m.randomNormal(new Shape(2, 3, 32, 32));
                NDArray f = net.features(x, Ctx.EVAL);
                assertArrayEquals(new long[] {2, net.featureDim()}, f.getShape().getShape(), arch);
                assertArrayEquals(net.head().forward(f, Ctx.EVAL).toFloatArray(),
                        net.forward(x, Ctx.EVAL).toFloatArray(), arch);
            }
        }
    }

    @Test
    void stochasticDepthDropsBranchesWhileTrainingButNotInFrozenStages() {
        try (NDManager m = Engines.newManager()) {
            Engines.seed(11);
            for (String arch : new String[] {"convnext_tiny", "efficientnet_b0"}) {
                Network net = withFullBranches(arch, m);
                NDArray x = m.randomNormal(new Shape(4, 3, 32, 32));
                // the backbone's output, before the dropout EfficientNet keeps in front of its head
                Module body = net.find("features");
                float[] eval = body.forward(x, Ctx.EVAL).toFloatArray();
                if (arch.startsWith("convnext")) {
                    // ConvNeXt has no BatchNorm or dropout there: only stochastic depth makes training differ
                    double err = AllClose.relativeError(body.forward(x, Ctx.train(BnPolicy.TRAIN)).toFloatArray(), eval);
                    assertTrue(err > 1e-3, arch + ": training pass equals evaluation (" + err + ")");
                }
                Freezing.freezeBackbone(net, BnPolicy.FREEZE_STATS);
                assertArrayEquals(eval, body.forward(x, Ctx.train(BnPolicy.FREEZE_STATS)).toFloatArray(),
                        arch + ": a frozen backbone computes its evaluation output while the head trains");
            }
        }
    }

    @Test
    void stochasticDepthRateIsAnOption() {
        try (NDManager m = Engines.newManager()) {
            Engines.seed(5);
            assertFalse(Architectures.get("mobilenet_v2").create(5).setStochasticDepth(0.1f));
            for (String arch : new String[] {"convnext_tiny", "vit_ti_16"}) {
                Network net = withFullBranches(arch, m);
                int size = arch.startsWith("vit") ? 224 : 32;
                NDArray x = m.randomNormal(new Shape(arch.startsWith("vit") ? 2 : 4, 3, size, size));
                float[] eval = net.features(x, Ctx.EVAL).toFloatArray();
                // neither has BatchNorm or active dropout here, so only stochastic depth can differ
                assertTrue(net.setStochasticDepth(0f));
                assertArrayEquals(eval, net.features(x, Ctx.train(BnPolicy.TRAIN)).toFloatArray(), arch + " at rate 0");
                net.setStochasticDepth(0.5f);
                double err = AllClose.relativeError(net.features(x, Ctx.train(BnPolicy.TRAIN)).toFloatArray(), eval);
                assertTrue(err > 1e-3, arch + " at rate 0.5 equals evaluation (" + err + ")");
            }
        }
    }

    /** A materialised network; ConvNeXt's layer scales start at 1e-6, so set them to 1 to make each branch count. */
    private static Network withFullBranches(String arch, NDManager m) {
        Network net = Architectures.get(arch).create(5);
        net.materialize(m, 1);
        net.namedParams().forEach((name, p) -> {
            if (name.endsWith("layer_scale")) {
                p.array().set(m.ones(p.djlShape()).toFloatArray());
            }
        });
        return net;
    }

    @Test
    void vitRefusesOtherImageSizesWithTheSizeItNeeds() {
        try (NDManager m = Engines.newManager()) {
            Network net = Architectures.get("vit_ti_16").create(5);
            net.materialize(m, 1);
            var e = assertThrows(IllegalArgumentException.class,
                    () -> net.forward(m.zeros(new Shape(1, 3, 64, 64)), Ctx.EVAL));
            assertTrue(e.getMessage().contains("224"), e.getMessage());
        }
    }
}
