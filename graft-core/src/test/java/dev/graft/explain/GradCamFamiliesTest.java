package dev.graft.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.graft.engine.Engines;
import dev.graft.model.ArchInfo;
import dev.graft.model.Architectures;
import dev.graft.model.Network;
import dev.graft.nn.Ctx;
import dev.graft.nn.Param;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Grad-CAM works for every architecture family in the registry: the default layer is the top of
 * the last stage (for ViT, the input of its last encoder layer), and the heat map is finite, sums
 * to 1 and has that layer's grid, on a small input.
 */
class GradCamFamiliesTest {
    /** Per family: the input side used here, the default layer expected, and its grid there. */
    private static final Map<String, Object[]> EXPECTED = Map.of(
            "resnet", new Object[] {64, "layer4", 8}, // resnet18_small: stride 8
            "vgg", new Object[] {64, "features.18", 4}, // vgg11's last convolution, before its ReLU and max-pool
            "googlenet", new Object[] {64, "inception5b", 2},
            "inception", new Object[] {107, "Mixed_7c", 2},
            "mobilenetv2", new Object[] {64, "features.18", 2},
            "mobilenetv3", new Object[] {64, "features.12", 2}, // mobilenet_v3_small's last conv
            "efficientnet", new Object[] {64, "features.8", 2},
            "convnext", new Object[] {64, "features.7", 2},
            "vit", new Object[] {224, "encoder.layers.encoder_layer_10", 14}); // vit_ti16: 12 layers

    /** The smallest architecture of each family. */
    static Stream<String> families() {
        Map<String, ArchInfo> smallest = new LinkedHashMap<>();
        for (ArchInfo a : Architectures.all()) {
            smallest.merge(a.family(), a, (x, y) -> params(x) <= params(y) ? x : y);
        }
        return smallest.values().stream().map(ArchInfo::name);
    }

    private static long params(ArchInfo a) {
        return a.create(10).countParams();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void defaultLayerGivesAFiniteNormalisedMapOfItsGrid(String arch) {
        ArchInfo info = Architectures.get(arch);
        Object[] want = EXPECTED.get(info.family());
        assertNotNull(want, "family " + info.family() + " has no expectation here; add its default layer and grid");
        int size = (int) want[0];
        try (NDManager m = Engines.newManager()) {
            Network net = info.create(5);
            net.setStochasticDepth(0f);
            net.materialize(m, 7);
            GradCam cam = GradCam.of(net, size);
            assertEquals(want[1], cam.layer(), arch + " default layer");
            NDArray x = m.randomNormal(new Shape(2, 3, size, size));
            List<Explanation> ex = cam.explain(x, new int[] {-1, 3});
            assertEquals(2, ex.size());
            float[] logits = net.forward(x, Ctx.EVAL).toFloatArray();
            assertEquals(dev.graft.eval.Outputs.argmax(java.util.Arrays.copyOf(logits, 5)), ex.get(0).target(),
                    "-1 explains the predicted class");
            assertEquals(3, ex.get(1).target());
            for (Explanation e : ex) {
                HeatMap h = e.heatMap();
                assertEquals(want[2], h.rows(), arch + " grid rows");
                assertEquals(want[2], h.cols(), arch + " grid cols");
                double sum = 0;
                for (float v : h.values()) {
                    assertTrue(Float.isFinite(v) && v >= 0, arch + ": " + v);
                    sum += v;
                }
                assertEquals(1.0, sum, 1e-5, arch + " sums to 1");
            }
            assertArrayEquals(java.util.Arrays.copyOfRange(logits, 0, 5), ex.get(0).logits(), 1e-4f);
        }
    }

    /** Explaining leaves the parameters' gradients and trainability exactly as they were. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("small")
    void leavesNoGradientOnTheParameters(String arch) {
        try (NDManager m = Engines.newManager()) {
            Network net = Architectures.get(arch).create(3);
            net.materialize(m, 1);
            NDArray x = m.randomNormal(new Shape(1, 3, 28, 28));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(net.forward(x, Ctx.EVAL).sum());
            }
            Param head = net.namedParams().entrySet().stream()
                    .filter(e -> net.isHeadParam(e.getKey()) && e.getKey().endsWith("weight"))
                    .map(Map.Entry::getValue).findFirst().orElseThrow();
            float[] before = head.array().getGradient().toFloatArray();
            GradCam.of(net, 28).explain(x, null);
            assertArrayEquals(before, head.array().getGradient().toFloatArray(), "head gradient untouched");
            net.namedParams().values().stream().filter(p -> !p.isBuffer())
                    .forEach(p -> assertEquals(p.trainable(), p.array().hasGradient(), "requires-grad restored"));
        }
    }

    static Stream<String> small() {
        return Stream.of("resnet18_small");
    }

}
