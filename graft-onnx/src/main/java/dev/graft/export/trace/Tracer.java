package dev.graft.export.trace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.export.onnx.OnnxGraph;
import dev.graft.model.Network;
import dev.graft.model.TorchScriptNetwork;
import dev.graft.nn.Ctx;
import dev.graft.nn.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Records a network's evaluation forward pass as ONNX nodes, the way {@code torch.onnx.export}
 * traces a PyTorch module: the network runs once, on libtorch, on arrays that also write the graph.
 * Graft's modules are plain Java over DJL's NDArray operations, so one recorder of those
 * operations covers every architecture, the PEFT extensions (a LoRA update, computed from
 * parameters alone, folds into its weight; adapters are real layers and become real nodes) and any
 * architecture added later, without an exporter per module.
 */
public final class Tracer {
    /** The batch size of the trace; the exported model takes any batch size. */
    public static final long TRACE_BATCH = 2;

    private Tracer() {}

    /**
     * Writes {@code net}'s evaluation pass into {@code graph}.
     *
     * @param input the graph value holding the network's input, float32 [N, 3, height, width]
     * @param manager a manager for the trace's arrays; everything the trace computes is freed when
     *     this call returns, and the network's own arrays are untouched
     * @return the graph value holding the network's output (the logits, [N, classes])
     */
    public static String trace(Network net, OnnxGraph graph, String input, int height, int width, NDManager manager) {
        if (net instanceof TorchScriptNetwork) {
            throw new TraceException("a TorchScript network runs inside libtorch's interpreter, which the ONNX "
                    + "exporter cannot see into; export the original model from PyTorch with torch.onnx.export");
        }
        List<Param> lent = new ArrayList<>();
        List<NDArray> originals = new ArrayList<>();
        try (NDManager m = manager.newSubManager()) {
            TraceSession s = new TraceSession(graph, m, TRACE_BATCH, input);
            for (Map.Entry<String, Param> e : net.namedParams().entrySet()) {
                Param p = e.getValue();
                if (p.materialised()) {
                    NDArray real = p.array();
                    originals.add(p.exchange(s.borrowParameter(real, e.getKey())));
                    lent.add(p);
                }
            }
            NDArray x = s.proxy(Value.dynamic(sample(m, height, width), input, 0));
            NDArray y = net.forward(x, Ctx.EVAL);
            Value out = s.value(y);
            if (!out.dynamic) {
                throw new TraceException(net.arch() + "'s output does not depend on its input");
            }
            if (out.batchAxis != 0) {
                throw new TraceException(net.arch() + "'s output lost the batch dimension");
            }
            return s.use(out);
        } finally {
            for (int i = 0; i < lent.size(); i++) {
                lent.get(i).exchange(originals.get(i));
            }
        }
    }

    /** A fixed, non-degenerate input: the values do not matter for the graph, only the shape. */
    private static NDArray sample(NDManager m, int height, int width) {
        SplittableRandom rng = new SplittableRandom(7);
        float[] v = new float[(int) (TRACE_BATCH * 3 * height * width)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rng.nextDouble() * 4 - 2);
        }
        return m.create(v, new Shape(TRACE_BATCH, 3, height, width));
    }
}
