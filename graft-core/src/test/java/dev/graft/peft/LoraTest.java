package dev.graft.peft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.graft.engine.Engines;
import dev.graft.model.Models;
import dev.graft.model.HeadSpec;
import dev.graft.model.Network;
import dev.graft.model.WeightLoader;
import dev.graft.nn.Conv2d;
import dev.graft.nn.Ctx;
import dev.graft.nn.Linear;
import dev.graft.nn.Param;
import dev.graft.testing.AllClose;
import dev.graft.testing.Fixtures;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** LoRA's arithmetic by hand, its convolution form against two explicit convolutions, targets and merging. */
class LoraTest {

    static Network pretrained(NDManager m) {
        Network net = Models.build("resnet18_small", 3, HeadSpec.LINEAR, m, 5);
        WeightLoader.load(net, Fixtures.syntheticWeights(net), "synthetic", false);
        return net;
    }

    static void fill(Param p, long seed, double scale) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[(int) p.numel()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
        }
        p.array().set(v);
    }

    @Test
    void linearComputesWPlusScaledBA() {
        try (NDManager m = Engines.newManager()) {
            LinearNet net = new LinearNet();
            net.materialize(m, 1);
            Linear lin = (Linear) net.find("body");
            lin.weight().array().set(new float[] {1, 2, 3, 4, 5, 6}); // [2, 3]
            lin.bias().array().set(new float[] {0.5f, -0.5f});
            List<String> done = Lora.apply(net, 1, 2f, List.of("body"), 3); // scale alpha/r = 2
            assertEquals(List.of("body"), done);
            Param a = net.namedParams().get("body.lora_A");
            Param b = net.namedParams().get("body.lora_B");
            assertArrayEquals(new long[] {1, 3}, a.shape());
            assertArrayEquals(new long[] {2, 1}, b.shape());
            assertArrayEquals(new float[] {0, 0}, b.array().toFloatArray(), "B starts at zero");
            a.array().set(new float[] {1, 0, -1});
            b.array().set(new float[] {0.5f, 2});
            NDArray y = net.forward(m.create(new float[] {1, 1, 1}, new Shape(1, 3)), Ctx.EVAL);
            // W + 2·B·A = [[1+1, 2, 3-1], [4+4, 5, 6-4]]; times [1,1,1] plus bias
            assertArrayEquals(new float[] {6.5f, 14.5f}, y.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void gradientsSurviveAGarbageCollectionBetweenForwardAndBackward() throws InterruptedException {
        try (NDManager m = Engines.newManager()) {
            LinearNet net = new LinearNet();
            net.materialize(m, 1);
            Lora.apply(net, 1, 2f, List.of("body"), 3); // scale 2
            Param a = net.namedParams().get("body.lora_A");
            Param b = net.namedParams().get("body.lora_B");
            a.array().set(new float[] {1, 2, 3});
            b.array().set(new float[] {0.5f, 2});
            try (NDManager sm = m.newSubManager()) {
                NDArray x = sm.create(new float[] {1, 1, 1}, new Shape(1, 3));
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = net.forward(x, Ctx.EVAL).sum();
                    // whatever the forward pass made and dropped is freed now; backward must not need it
                    for (int i = 0; i < 3; i++) {
                        System.gc();
                        Thread.sleep(30);
                    }
                    gc.backward(loss);
                }
                // d(sum y)/dB_i = 2·(A·x) = 12; d(sum y)/dA_j = 2·(B_0 + B_1)·x_j = 5
                assertArrayEquals(new float[] {12, 12}, b.array().getGradient().toFloatArray(), 1e-6f);
                assertArrayEquals(new float[] {5, 5, 5}, a.array().getGradient().toFloatArray(), 1e-6f);
            }
        }
    }

    @Test
    void convUpdateEqualsAKxKConvThenA1x1Conv() {
        try (NDManager m = Engines.newManager()) {
            Network net = pretrained(m);
            Lora.apply(net, 4, 8f, List.of("layer3.0.conv1"), 7);
            Conv2d conv = (Conv2d) net.find("layer3.0.conv1");
            Param a = net.namedParams().get("layer3.0.conv1.lora_A");
            Param b = net.namedParams().get("layer3.0.conv1.lora_B");
            assertArrayEquals(new long[] {4, 32, 3, 3}, a.shape());
            assertArrayEquals(new long[] {64, 4, 1, 1}, b.shape());
            fill(b, 9, 0.1);
            NDArray x = m.randomNormal(new Shape(2, 32, 8, 8));
            NDArray withLora = conv.forward(x, Ctx.EVAL);
            NDArray base = ai.djl.nn.convolutional.Conv2d.conv2d(x, conv.weight().array(), null, conv.stride(),
                    conv.padding(), conv.dilation(), 1).singletonOrThrow();
            NDArray low = ai.djl.nn.convolutional.Conv2d.conv2d(x, a.array(), null, conv.stride(), conv.padding(),
                    conv.dilation(), 1).singletonOrThrow();
            NDArray up = ai.djl.nn.convolutional.Conv2d.conv2d(low, b.array(), null, new Shape(1, 1), new Shape(0, 0),
                    new Shape(1, 1), 1).singletonOrThrow();
            float[] expected = base.add(up.mul(2f)).toFloatArray();
            AllClose.assertAllClose(withLora.toFloatArray(), expected, 1e-5, 1e-5, "LoRA conv vs two convolutions");
        }
    }

    @Test
    void freshLoraLeavesTheNetworkUnchangedAndMergeFoldsItExactly() {
        try (NDManager m = Engines.newManager()) {
            Network net = pretrained(m);
            Set<String> baseNames = net.namedParams().keySet();
            NDArray x = m.randomNormal(new Shape(2, 3, 28, 28));
            float[] before = net.forward(x, Ctx.EVAL).toFloatArray();
            List<String> layers = Lora.apply(net, 8, 16f, List.of(), 1);
            assertEquals(List.of("layer3.0.conv1", "layer3.0.conv2", "layer3.1.conv1", "layer3.1.conv2",
                    "layer4.0.conv1", "layer4.0.conv2", "layer4.1.conv1", "layer4.1.conv2"), layers,
                    "ResNet default: block convolutions of the top two stages, not downsample");
            assertArrayEquals(before, net.forward(x, Ctx.EVAL).toFloatArray(), "B = 0 must not change the output");
            int k = 0;
            for (String l : layers) {
                fill(net.namedParams().get(l + ".lora_B"), k++, 0.05);
            }
            float[] unmerged = net.forward(x, Ctx.EVAL).toFloatArray();
            assertTrue(AllClose.relativeError(unmerged, before) > 1e-3, "the update should change the output");
            assertEquals(8, Lora.merge(net));
            assertEquals(baseNames, net.namedParams().keySet(), "merged network has the base names only");
            assertTrue(Lora.layers(net).isEmpty());
            assertNull(((Conv2d) net.find("layer4.1.conv2")).weight().update());
            AllClose.assertAllClose(net.forward(x, Ctx.EVAL).toFloatArray(), unmerged, 1e-5, 1e-5, "merged vs unmerged");
        }
    }

    @Test
    void targetsAreGlobsAndABadOneIsNamed() {
        try (NDManager m = Engines.newManager()) {
            Network net = pretrained(m);
            assertEquals(List.of("layer4.0.conv1", "layer4.0.downsample.0", "layer4.1.conv1"),
                    Lora.apply(net, 2, 2f, List.of("layer4.*.conv1", "layer4.**.downsample.?"), 1));
            Network other = pretrained(m);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Lora.apply(other, 2, 2f, List.of("layer9.*"), 1));
            assertTrue(e.getMessage().contains("`loraTargets`: 'layer9.*'"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Lora.apply(other, 2, 2f, List.of("fc"), 1),
                    "the head trains whole and never gets LoRA");
            assertFalse(other.namedParams().containsKey("fc.lora_A"));
        }
    }

    @Test
    void vitGetsLoraOnAttentionProjectionsAndMlpAndMergesExactly() {
        try (NDManager m = Engines.newManager()) {
            Network net = Models.build("vit_ti_16", 3, HeadSpec.LINEAR, m, 5);
            Set<String> baseNames = net.namedParams().keySet();
            NDArray x = m.randomNormal(new Shape(1, 3, 224, 224));
            float[] before = net.forward(x, Ctx.EVAL).toFloatArray();
            List<String> layers = Lora.apply(net, 4, 4f, List.of(), 1);
            assertEquals(48, layers.size());
            assertEquals(List.of("encoder.layers.encoder_layer_0.self_attention",
                    "encoder.layers.encoder_layer_0.self_attention.out_proj", "encoder.layers.encoder_layer_0.mlp.0",
                    "encoder.layers.encoder_layer_0.mlp.3"), layers.subList(0, 4));
            assertArrayEquals(new long[] {576, 4},
                    net.namedParams().get("encoder.layers.encoder_layer_0.self_attention.lora_B").shape(),
                    "in_proj stacks query, key and value: 3 x 192 rows");
            assertArrayEquals(before, net.forward(x, Ctx.EVAL).toFloatArray());
            fill(net.namedParams().get("encoder.layers.encoder_layer_5.self_attention.lora_B"), 1, 0.5);
            float[] attention = net.forward(x, Ctx.EVAL).toFloatArray();
            assertTrue(AllClose.relativeError(attention, before) > 1e-4, "the in_proj update must reach the output");
            fill(net.namedParams().get("encoder.layers.encoder_layer_11.mlp.3.lora_B"), 2, 0.5);
            float[] unmerged = net.forward(x, Ctx.EVAL).toFloatArray();
            assertEquals(48, Lora.merge(net));
            assertEquals(baseNames, net.namedParams().keySet());
            AllClose.assertAllClose(net.forward(x, Ctx.EVAL).toFloatArray(), unmerged, 1e-5, 1e-5, "merged ViT");
        }
    }

    /** A network of one Linear layer, for hand-derived values. */
    static final class LinearNet extends Network {
        LinearNet() {
            super("linear-net", "fc", 2);
            child("body", new Linear(3, 2));
            child("fc", new Linear(2, 2));
        }

        @Override
        public NDArray features(NDArray x, Ctx ctx) {
            return find("body").forward(x, ctx);
        }

        @Override
        public NDArray forward(NDArray x, Ctx ctx) {
            return features(x, ctx);
        }

        @Override
        public List<Stage> stages() {
            return List.of(new Stage("body", List.of("body")));
        }
    }
}
