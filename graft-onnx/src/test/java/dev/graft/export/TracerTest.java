package dev.graft.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.graft.data.Preprocess;
import dev.graft.engine.Engines;
import dev.graft.export.trace.TraceException;
import dev.graft.model.Network;
import dev.graft.model.TorchScriptNetwork;
import dev.graft.nn.Conv2d;
import dev.graft.nn.Ctx;
import dev.graft.nn.Linear;
import dev.graft.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tracer on operations no registered architecture uses yet, and its refusals: an operation it
 * cannot record, and a reshape that would freeze the batch size, fail with the operation named
 * instead of producing a model that is wrong at other batch sizes.
 */
class TracerTest {
    @TempDir
    Path tmp;

    /** A conv, then {@code body}, then a Linear head on [N, 8]. */
    static final class Probe extends Network {
        private final Conv2d conv = child("conv", new Conv2d(3, 8, 3, 1, 1, 1, 1, true));
        private final BiFunction<NDArray, NDArray, NDArray> body;

        Probe(BiFunction<NDArray, NDArray, NDArray> body) {
            super("probe", "fc", 8);
            this.body = body;
            child("fc", new Linear(8, 3));
        }

        @Override
        public NDArray features(NDArray x, Ctx ctx) {
            return body.apply(conv.forward(x, ctx), x);
        }

        @Override
        public List<Stage> stages() {
            return List.of(new Stage("conv", List.of("conv")));
        }
    }

    /** [N, C, H, W] to [N, C]; libtorch's mean takes one axis at a time. */
    static NDArray pool(NDArray y) {
        return y.mean(new int[] {3}).mean(new int[] {2});
    }

    private ExportResult export(Probe net, Path out) {
        return export(net, out, OnnxExport.DEFAULT_OPSET);
    }

    private ExportResult export(Probe net, Path out, int opset) {
        Engines.start(1);
        try (NDManager m = Engines.newManager()) {
            net.materialize(m, 5);
            return OnnxExport.builder().setNetwork(net, new Preprocess(12, 12, Preprocess.IMAGENET_MEAN,
                    Preprocess.IMAGENET_STD)).setOutput(out).optCheckCount(5).optOpset(opset).build().run();
        }
    }

    /** Opset 18 moved ReduceMean's axes from an attribute to an input: both forms are written and checked. */
    @ParameterizedTest(name = "opset {0}")
    @ValueSource(ints = {17, 21})
    void reductionsAxesIndexingAndElementwiseOpsExportAndAgree(int opset) {
        Probe net = new Probe((y, x) -> {
            NDArray pooled = y.mean(new int[] {3}, true).mean(new int[] {-2}, true).squeeze(new int[] {3, 2}); // [N, 8]
            NDArray picked = pooled.expandDims(1).get(":, 0, 2:").exp(); // [N, 6]
            NDArray firstRow = y.get(":, :, 0, :").mean(new int[] {-1}); // [N, 8]
            NDArray scale = y.getManager().ones(new ai.djl.ndarray.types.Shape(8)).mul(0.5f);
            NDArray mixed = pooled.clip(-1f, 1f).sub(firstRow.mul(scale)).toType(DataType.FLOAT32, false);
            return mixed.add(picked.concat(picked.get(":, :2"), 1).sqrt().neg().abs().tanh());
        });
        ExportResult r = export(net, tmp.resolve("probe.onnx"), opset);
        assertEquals(opset, r.opset());
        assertTrue(r.maxRelativeError().get("logits") <= OnnxExport.DEFAULT_TOLERANCE, r.toString());
    }

    @Test
    void anOperationTheTracerDoesNotKnowIsNamed() {
        Path out = tmp.resolve("cumsum.onnx");
        TraceException e = assertThrows(TraceException.class,
                () -> export(new Probe((y, x) -> pool(y).cumSum(1)), out));
        assertTrue(e.getMessage().contains("NDArray.cumSum(int)"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void aReshapeThatMixesTheBatchIsRefused() {
        TraceException e = assertThrows(TraceException.class,
                () -> export(new Probe((y, x) -> pool(y).reshape(1, -1).reshape(-1, 8)),
                        tmp.resolve("mix.onnx")));
        assertTrue(e.getMessage().contains("moves the batch dimension"), e.getMessage());
    }

    @Test
    void averagingOverTheBatchIsRefused() {
        TraceException e = assertThrows(TraceException.class,
                () -> export(new Probe((y, x) -> pool(y).sub(pool(y).mean(new int[] {0}))),
                        tmp.resolve("batchmean.onnx")));
        assertEquals("ONNX export cannot average over the batch dimension", e.getMessage());
    }

    @Test
    void aTorchScriptNetworkIsRefusedWithTheWayOut() {
        Engines.start(1);
        try (NDManager m = Engines.newManager(); TorchScriptNetwork net = TorchScriptNetwork.load(
                Fixtures.resource("/fixtures/torchscript/small_cnn.pt"), "fc", 5)) {
            net.materialize(m, 1);
            TraceException e = assertThrows(TraceException.class, () -> OnnxExport.builder().setNetwork(net,
                    Preprocess.imagenet(32)).setOutput(tmp.resolve("ts.onnx")).build().run());
            assertTrue(e.getMessage().contains("export the original model from PyTorch with torch.onnx.export"),
                    e.getMessage());
        }
    }
}
