package dev.graft.model;

import static dev.graft.testing.AllClose.PARITY_RTOL;
import static dev.graft.testing.AllClose.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.graft.train.Freezing;
import dev.graft.train.Optimizer;
import dev.graft.train.TrainConfig;
import dev.graft.weights.HostTensor;
import dev.graft.weights.StateDict;
import dev.graft.weights.WeightsException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A TorchScript module as a backbone: cut, checked against PyTorch, trained with a Graft head. */
class TorchScriptNetworkTest {
    private static final Path PT = Fixtures.resource("/fixtures/torchscript/small_cnn.pt");
    private static final StateDict IO = dev.graft.weights.Safetensors.read(
            Fixtures.resource("/fixtures/torchscript/small_cnn_io.safetensors"));
    private static final Path SCRIPTED = Fixtures.resource("/fixtures/torchscript/small_cnn_scripted.pt");
    private static final StateDict SCRIPTED_IO = dev.graft.weights.Safetensors.read(
            Fixtures.resource("/fixtures/torchscript/small_cnn_scripted_io.safetensors"));

    @Test
    void cutModuleComputesTheClassifierInputAndTheFixtureLogits() {
        try (NDManager m = Engines.newManager(); TorchScriptNetwork net = TorchScriptNetwork.load(PT, "fc", 5)) {
            net.materialize(m, 1);
            assertEquals("fc", net.headPath());
            assertEquals(8, net.featureDim());
            assertEquals(List.of("features.0.weight", "features.1.weight", "features.1.bias", "fc.weight", "fc.bias"),
                    List.copyOf(net.namedParams().keySet()));
            // the head takes the file's own fc weights (synthetic, as when the fixture was made)
            loadOwnWeights(net, IO);
            NDArray x = input(m);
            NDArray f = net.features(x, Ctx.EVAL);
            assertAllClose(f.toFloatArray(), IO.get("features").data(), PARITY_RTOL, 0, "small_cnn features");
            NDArray logits = net.head().forward(f, Ctx.EVAL);
            assertAllClose(logits.toFloatArray(), IO.get("logits").data(), PARITY_RTOL, 0, "small_cnn logits");
        }
    }

    @Test
    void frozenBackboneStaysExactlyAsLoadedWhileTheHeadTrains() {
        try (NDManager m = Engines.newManager(); TorchScriptNetwork net = TorchScriptNetwork.load(PT, "fc", 3)) {
            net.materialize(m, 2);
            Freezing.freezeBackbone(net, BnPolicy.TRAIN);
            Map<String, float[]> before = snapshot(net);
            step(net, m, BnPolicy.TRAIN);
            Map<String, float[]> after = snapshot(net);
            for (String name : List.of("features.0.weight", "features.1.weight", "features.1.bias")) {
                assertArrayEquals(before.get(name), after.get(name), name + " changed while frozen");
            }
            assertFalse(java.util.Arrays.equals(before.get("fc.weight"), after.get("fc.weight")), "head did not train");
            assertEquals(3, net.numClasses());
        }
    }

    @Test
    void unfrozenBackboneGetsGradientsAndTrainsUnderEveryBatchNormPolicy() {
        for (BnPolicy policy : List.of(BnPolicy.TRAIN, BnPolicy.FREEZE_STATS)) {
            try (NDManager m = Engines.newManager(); TorchScriptNetwork net = TorchScriptNetwork.load(PT, "fc", 3)) {
                net.materialize(m, 2);
                Freezing.unfreezeAll(net, policy);
                Map<String, float[]> before = snapshot(net);
                step(net, m, policy);
                Map<String, float[]> after = snapshot(net);
                for (String name : before.keySet()) {
                    assertFalse(java.util.Arrays.equals(before.get(name), after.get(name)),
                            policy + ": " + name + " did not change after one step");
                }
            }
        }
    }

    @Test
    void selectedByArchitectureNameWithAGraftHead() {
        String arch = TorchScriptNetwork.PREFIX + PT + "#fc";
        ArchInfo info = Architectures.get(arch);
        assertEquals("torchscript", info.family());
        try (NDManager m = Engines.newManager()) {
            Network net = Models.build(arch, 4, HeadSpec.LINEAR, m, 7);
            try (TorchScriptNetwork ts = (TorchScriptNetwork) net) {
                assertEquals(arch, ts.arch());
                assertEquals(4, ts.numClasses());
                assertEquals(List.of("features"), ts.stages().stream().map(Network.Stage::name).toList());
                NDArray y = ts.forward(input(m), Ctx.EVAL);
                assertArrayEquals(new long[] {2, 4}, y.getShape().getShape());
            }
        }
    }

    @Test
    void scriptedModuleCutBelowTheRootMatchesPyTorch() {
        try (NDManager m = Engines.newManager();
                TorchScriptNetwork net = TorchScriptNetwork.load(SCRIPTED, "classifier.2", 5)) {
            net.materialize(m, 1);
            assertEquals(6, net.featureDim());
            assertEquals(List.of("features", "classifier"), net.stages().stream().map(Network.Stage::name).toList());
            assertEquals(List.of("features.0.weight", "features.1.weight", "features.1.bias", "classifier.0.weight",
                    "classifier.0.bias", "classifier.2.weight", "classifier.2.bias"),
                    List.copyOf(net.namedParams().keySet()));
            loadOwnWeights(net, SCRIPTED_IO);
            NDArray f = net.features(input(m, SCRIPTED_IO), Ctx.EVAL);
            assertAllClose(f.toFloatArray(), SCRIPTED_IO.get("features").data(), PARITY_RTOL, 0, "scripted features");
            NDArray logits = net.head().forward(f, Ctx.EVAL);
            assertAllClose(logits.toFloatArray(), SCRIPTED_IO.get("logits").data(), PARITY_RTOL, 0, "scripted logits");
        }
    }

    /**
     * A scripted module's BatchNorm follows the module's mode. Steps with learning rate 0 keep
     * every parameter, so any later change in evaluation output comes from running statistics.
     */
    @Test
    void batchNormStatisticsMoveOnlyWhenTheBackboneTrainsUnderTrainPolicy() {
        assertEquals(false, statsMovedAfterStep(true, BnPolicy.TRAIN), "frozen backbone");
        assertEquals(false, statsMovedAfterStep(false, BnPolicy.FREEZE_STATS), "trainable backbone, freeze-stats");
        assertEquals(true, statsMovedAfterStep(false, BnPolicy.TRAIN), "trainable backbone, train");
    }

    private static boolean statsMovedAfterStep(boolean freezeBackbone, BnPolicy policy) {
        try (NDManager m = Engines.newManager();
                TorchScriptNetwork net = TorchScriptNetwork.load(SCRIPTED, "classifier.2", 5)) {
            net.materialize(m, 1);
            loadOwnWeights(net, SCRIPTED_IO);
            if (freezeBackbone) {
                Freezing.freezeBackbone(net, policy);
            } else {
                Freezing.unfreezeAll(net, policy);
            }
            step(net, m, policy, SCRIPTED_IO, 0f);
            float[] f = net.features(input(m, SCRIPTED_IO), Ctx.EVAL).toFloatArray();
            return AllClose.relativeError(f, SCRIPTED_IO.get("features").data()) > PARITY_RTOL;
        }
    }

    @Test
    void aModuleTypeSharedWithAnotherModuleIsNotCut() {
        // scripted, features.2 and classifier.1 are both ReLU of one type
        var e = assertThrows(WeightsException.class, () -> TorchScriptNetwork.load(SCRIPTED, "features.2", 3));
        assertTrue(e.getMessage().contains("shared by 2 modules"), e.getMessage());
    }

    @Test
    void badNamesFailWithTheFix() {
        var noHash = assertThrows(IllegalArgumentException.class,
                () -> Architectures.get(TorchScriptNetwork.PREFIX + PT));
        assertTrue(noHash.getMessage().contains("torchscript:/path/model.pt#fc"), noHash.getMessage());
        var noFile = assertThrows(IllegalArgumentException.class,
                () -> Architectures.get(TorchScriptNetwork.PREFIX + "/no/such.pt#fc"));
        assertTrue(noFile.getMessage().contains("/no/such.pt"), noFile.getMessage());
        var noModule = assertThrows(WeightsException.class, () -> TorchScriptNetwork.load(PT, "head", 3));
        assertTrue(noModule.getMessage().contains("module 'head' not found"), noModule.getMessage());
        var notLinear = assertThrows(WeightsException.class, () -> TorchScriptNetwork.load(PT, "features.4", 3));
        assertTrue(notLinear.getMessage().contains("no Linear weight"), notLinear.getMessage());
    }

    private static NDArray input(NDManager m) {
        return input(m, IO);
    }

    private static NDArray input(NDManager m, StateDict io) {
        HostTensor in = io.get("input");
        return m.create(in.data(), new Shape(in.shape()));
    }

    /** The file's own (synthetic) weights for every slot the network has, the head included. */
    private static void loadOwnWeights(Network net, StateDict io) {
        StateDict own = new StateDict();
        Fixtures.syntheticWeights(io).tensors().forEach((k, v) -> {
            if (net.namedParams().containsKey(k)) {
                own.put(k, v);
            }
        });
        WeightLoader.load(net, own, "synthetic", true);
    }

    /** One SGD step on a cross-entropy-like loss; every trainable parameter must get a finite gradient. */
    private static void step(Network net, NDManager m, BnPolicy policy) {
        step(net, m, policy, IO, 0.1f);
    }

    private static void step(Network net, NDManager m, BnPolicy policy, StateDict io, float lr) {
        Optimizer opt = new Optimizer(TrainConfig.Optim.SGD, 0f, 0f);
        opt.setParams(net.namedParams(), Map.of());
        try (NDManager sm = m.newSubManager()) {
            NDArray x = input(sm, io);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = net.forward(x, Ctx.train(policy));
                gc.backward(y.square().mean());
            }
            for (var e : net.namedParams().entrySet()) {
                Param p = e.getValue();
                if (p.trainable()) {
                    float[] g = p.array().getGradient().toFloatArray();
                    float sum = 0;
                    for (float v : g) {
                        assertTrue(Float.isFinite(v), e.getKey() + " has a non-finite gradient");
                        sum += Math.abs(v);
                    }
                    assertTrue(sum > 0, e.getKey() + " got no gradient");
                }
            }
            opt.step(lr, 1f);
        }
    }

    private static Map<String, float[]> snapshot(Network net) {
        Map<String, float[]> out = new LinkedHashMap<>();
        net.namedParams().forEach((k, p) -> out.put(k, p.array().toFloatArray()));
        return out;
    }
}
