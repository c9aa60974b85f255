package dev.graft.export.trace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.graft.export.onnx.Attr;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DJL's layer functions ({@code NDArrayEx}) as ONNX nodes. The trace is an evaluation pass, so
 * batch norm uses its running statistics and dropout is the identity; a training-mode call is
 * refused rather than exported wrongly.
 */
final class NnOps {
    private static final Map<String, Translator> TABLE = new HashMap<>();

    static {
        TABLE.put("relu", Ops.unary("Relu"));
        TABLE.put("sigmoid", Ops.unary("Sigmoid"));
        TABLE.put("tanh", Ops.unary("Tanh"));
        TABLE.put("gelu", NnOps::gelu);
        TABLE.put("convolution", NnOps::convolution);
        TABLE.put("linear", NnOps::linear);
        TABLE.put("batchNorm", NnOps::batchNorm);
        TABLE.put("layerNorm", NnOps::layerNorm);
        TABLE.put("dropout", (s, self, a, out) -> {
            if ((Boolean) a[2]) {
                throw new TraceException("ONNX export traces evaluation passes; dropout ran in training mode");
            }
            Value x = s.value(a[0]);
            return s.out(s.use(x), x.batchAxis, out);
        });
        TABLE.put("maxPool", (s, self, a, out) -> pool(s, self, "MaxPool", a, false, out));
        TABLE.put("avgPool", (s, self, a, out) -> pool(s, self, "AveragePool", a, (Boolean) a[4], out));
        TABLE.put("globalAvgPool", (s, self, a, out) -> global(s, self, "GlobalAveragePool", out));
        TABLE.put("globalMaxPool", (s, self, a, out) -> global(s, self, "GlobalMaxPool", out));
        TABLE.put("concat", NnOps::concat);
    }

    private NnOps() {}

    static Translator find(Method m) {
        return TABLE.get(m.getName());
    }

    /** GELU in its exact erf form, as libtorch computes it: x·½·(1 + erf(x/√2)). */
    private static Value gelu(TraceSession s, Value self, Object[] a, NDArray out) {
        String x = s.use(self);
        String scaled = s.graph.node("Mul", List.of(x, s.scalar(self, (float) (1 / Math.sqrt(2)))));
        String erf = s.graph.node("Erf", List.of(scaled));
        String onePlus = s.graph.node("Add", List.of(erf, s.scalar(self, 1f)));
        String y = s.graph.node("Mul", List.of(s.graph.node("Mul", List.of(x, s.scalar(self, 0.5f))), onePlus));
        return s.out(y, self.batchAxis, out);
    }

    private static Value convolution(TraceSession s, Value self, Object[] a, NDArray out) {
        Value x = s.value(a[0]);
        Value w = s.value(a[1]);
        long[] k = w.shape();
        long[] stride = ((Shape) a[3]).getShape();
        long[] pad = ((Shape) a[4]).getShape();
        long[] dilation = ((Shape) a[5]).getShape();
        List<String> in = new ArrayList<>(List.of(s.use(x), s.use(w)));
        if (a[2] != null) {
            in.add(s.use(a[2]));
        }
        String y = s.graph.node("Conv", in, Attr.ints("kernel_shape", k[2], k[3]), Attr.ints("strides", stride),
                Attr.ints("pads", pad[0], pad[1], pad[0], pad[1]), Attr.ints("dilations", dilation),
                Attr.i("group", (Integer) a[6]));
        return s.out(y, x.batchAxis, out);
    }

    /** x·Wᵀ + b: a Gemm for [N, in], else a MatMul with the transposed weight (folded when constant). */
    private static Value linear(TraceSession s, Value self, Object[] a, NDArray out) {
        Value x = s.value(a[0]);
        Value w = s.value(a[1]);
        if (x.rank() == 2) {
            List<String> in = new ArrayList<>(List.of(s.use(x), s.use(w)));
            if (a[2] != null) {
                in.add(s.use(a[2]));
            }
            return s.out(s.graph.node("Gemm", in, Attr.i("transB", 1)), x.batchAxis, out);
        }
        String wt = w.dynamic ? s.graph.node("Transpose", List.of(s.use(w)), Attr.ints("perm", 1, 0))
                : s.use(s.folded(w.real.transpose(), w, "transposed"));
        String y = s.graph.node("MatMul", List.of(s.use(x), wt));
        if (a[2] != null) {
            y = s.graph.node("Add", List.of(y, s.use(a[2])));
        }
        return s.out(y, x.batchAxis, out);
    }

    private static Value batchNorm(TraceSession s, Value self, Object[] a, NDArray out) {
        // batchNorm(input, runningMean, runningVar, gamma, beta, axis, momentum, eps, training)
        if ((Boolean) a[8]) {
            throw new TraceException("ONNX export traces evaluation passes; a batch norm used batch statistics");
        }
        // DJL's PyTorch engine reads axis -1 as "call batch_norm as it is", channels on dim 1 (what
        // BatchNorm2d passes, to avoid DJL's transposes); any other axis but 1 is unsupported
        if ((Integer) a[5] != 1 && (Integer) a[5] != -1) {
            throw new TraceException("ONNX export supports batch norm over axis 1, not " + a[5]);
        }
        Value x = s.value(a[0]);
        long channels = x.shape()[1];
        String gamma = a[3] != null ? s.use(a[3]) : s.graph.floats("ones", filled(channels, 1f), channels);
        String beta = a[4] != null ? s.use(a[4]) : s.graph.floats("zeros", filled(channels, 0f), channels);
        String y = s.graph.node("BatchNormalization", List.of(s.use(x), gamma, beta, s.use(a[1]), s.use(a[2])),
                Attr.f("epsilon", (Float) a[7]));
        return s.out(y, x.batchAxis, out);
    }

    private static Value layerNorm(TraceSession s, Value self, Object[] a, NDArray out) {
        // layerNorm(input, normalizedShape, gamma, beta, eps)
        Value x = s.value(a[0]);
        int dims = ((Shape) a[1]).dimension();
        if (x.batchAxis >= x.rank() - dims) {
            throw new TraceException("ONNX export cannot normalise over the batch dimension");
        }
        String y = s.graph.node("LayerNormalization", List.of(s.use(x), s.use(a[2]), s.use(a[3])),
                Attr.i("axis", -dims), Attr.f("epsilon", (Float) a[4]));
        return s.out(y, x.batchAxis, out);
    }

    /** maxPool(kernel, stride, pad, ceil) and avgPool(kernel, stride, pad, ceil, countIncludePad). */
    private static Value pool(TraceSession s, Value self, String op, Object[] a, boolean countPad, NDArray out) {
        long[] k = ((Shape) a[0]).getShape();
        long[] st = ((Shape) a[1]).getShape();
        long[] p = ((Shape) a[2]).getShape();
        List<Attr> attrs = new ArrayList<>(List.of(Attr.ints("kernel_shape", k), Attr.ints("strides", st),
                Attr.ints("pads", p[0], p[1], p[0], p[1]), Attr.i("ceil_mode", (Boolean) a[3] ? 1 : 0)));
        if (op.equals("AveragePool")) {
            attrs.add(Attr.i("count_include_pad", countPad ? 1 : 0));
        }
        String y = s.graph.node(op, List.of(s.use(self)), attrs.toArray(Attr[]::new));
        return s.out(y, self.batchAxis, out);
    }

    /** Global pooling; DJL returns [N, C] where ONNX keeps [N, C, 1, 1]. */
    private static Value global(TraceSession s, Value self, String op, NDArray out) {
        String y = s.graph.node(op, List.of(s.use(self)));
        if (out.getShape().dimension() == 2) {
            y = s.graph.node("Flatten", List.of(y), Attr.i("axis", 1));
        }
        return s.out(y, self.batchAxis, out);
    }

    private static Value concat(TraceSession s, Value self, Object[] a, NDArray out) {
        int axis = (Integer) a[1];
        int rank = out.getShape().dimension();
        int norm = axis < 0 ? axis + rank : axis;
        List<String> in = new ArrayList<>(List.of(s.use(self)));
        int batch = self.batchAxis;
        for (NDArray x : (NDList) a[0]) {
            Value v = s.value(x);
            in.add(s.use(v));
            batch = batch >= 0 ? batch : v.batchAxis;
        }
        if (norm == batch) {
            throw new TraceException("ONNX export cannot concatenate along the batch dimension");
        }
        return s.out(s.graph.node("Concat", in, Attr.i("axis", norm)), batch, out);
    }

    private static float[] filled(long n, float v) {
        float[] out = new float[(int) n];
        java.util.Arrays.fill(out, v);
        return out;
    }
}
