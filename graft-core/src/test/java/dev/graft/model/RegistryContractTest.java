package dev.graft.model;

import static dev.graft.testing.AllClose.PARITY_RTOL;
import static dev.graft.testing.AllClose.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.graft.engine.Engines;
import dev.graft.nn.BnPolicy;
import dev.graft.nn.Ctx;
import dev.graft.nn.Param;
import dev.graft.testing.AllClose;
import dev.graft.testing.Fixtures;
import dev.graft.weights.HostTensor;
import dev.graft.weights.StateDict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every registered architecture keeps: torchvision's names and shapes, the same
 * numbers as torchvision on the same weights, a head that can be replaced, and one training
 * step that reaches every trainable parameter without NaN.
 */
class RegistryContractTest {

    static Stream<String> architectures() {
        return Architectures.all().stream().map(ArchInfo::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void matchesTorchvision(String arch) {
        StateDict fx = Fixtures.parity(arch);
        assertNotNull(fx, arch + " has no parity fixture; add it to tools/fixtures/make_fixtures.py");
        int classes = Integer.parseInt(fx.metadata().get("num_classes"));
        Network net = Architectures.get(arch).create(classes);
        Map<String, long[]> expected = Fixtures.stateDictShapes(fx);
        List<String> ours = new ArrayList<>(net.namedParams().keySet());
        assertEquals(new ArrayList<>(expected.keySet()), ours, arch + ": state_dict names or order differ");
        net.namedParams().forEach((name, p) -> assertArrayEquals(expected.get(name), p.shape(), name));
        try (NDManager m = Engines.newManager()) {
            net.materialize(m, 1);
            WeightLoader.load(net, Fixtures.syntheticWeights(fx), "synthetic", true);
            HostTensor in = fx.get("input");
            NDArray x = m.create(in.data(), new Shape(in.shape()));
            NDArray feats = net.features(x, Ctx.EVAL);
            NDArray logits = net.head().forward(feats, Ctx.EVAL);
            System.out.printf("parity %-20s features rel err %.2e  logits rel err %.2e%n", arch,
                    AllClose.relativeError(feats.toFloatArray(), fx.get("features").data()),
                    AllClose.relativeError(logits.toFloatArray(), fx.get("logits").data()));
            assertAllClose(feats.toFloatArray(), fx.get("features").data(), PARITY_RTOL, 0, arch + " features");
            assertAllClose(logits.toFloatArray(), fx.get("logits").data(), PARITY_RTOL, 0, arch + " logits");
            assertArrayEquals(fx.get("logits").shape(), logits.getShape().getShape());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void headReplacementAndOneTrainingStep(String arch) {
        ArchInfo info = Architectures.get(arch);
        int size = Math.min(info.inputSize(), arch.startsWith("vit") ? 224 : arch.startsWith("inception") ? 107 : 64);
        try (NDManager m = Engines.newManager()) {
            Network net = info.create(1000);
            net.replaceHead(new ClassifierHead(net.featureDim(), 7, new HeadSpec(0, 0.1f)));
            // stochastic depth can drop a block's branch for the whole batch, legitimately leaving
            // that block without a gradient; the reach check runs without it
            net.setStochasticDepth(0f);
            net.materialize(m, 3);
            assertEquals(7, net.numClasses());
            NDArray x = m.randomNormal(new Shape(2, 3, size, size));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = net.forward(x, Ctx.train(BnPolicy.TRAIN));
                assertArrayEquals(new long[] {2, 7}, y.getShape().getShape());
                gc.backward(y.square().mean());
            }
            for (var e : net.namedParams().entrySet()) {
                Param p = e.getValue();
                if (!p.trainable()) {
                    continue;
                }
                NDArray g = p.array().getGradient();
                float[] v = g.toFloatArray();
                boolean any = false;
                for (float f : v) {
                    if (Float.isNaN(f) || Float.isInfinite(f)) {
                        fail(arch + ": " + e.getKey() + " has a non-finite gradient");
                    }
                    any |= f != 0f;
                }
                assertTrue(any, arch + ": " + e.getKey() + " got no gradient");
                g.close();
            }
        }
    }
}
