package dev.graft.export.trace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl;
import dev.graft.export.onnx.Attr;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The NDArray methods the tracer records, each with the ONNX nodes it becomes. */
final class Ops {
    private static final Map<String, Translator> TABLE = new HashMap<>();

    static {
        for (String[] b : new String[][] {{"add", "Add"}, {"sub", "Sub"}, {"mul", "Mul"}, {"div", "Div"}}) {
            TABLE.put(b[0] + "(NDArray)", binary(b[1]));
            TABLE.put(b[0] + "(Number)", binary(b[1]));
        }
        for (String[] u : new String[][] {{"neg", "Neg"}, {"sqrt", "Sqrt"}, {"exp", "Exp"}, {"erf", "Erf"},
                {"abs", "Abs"}, {"tanh", "Tanh"}}) {
            TABLE.put(u[0] + "()", unary(u[1]));
        }
        TABLE.put("matMul(NDArray)", binary("MatMul"));
        TABLE.put("clip(Number,Number)", (s, self, a, out) -> s.out(s.graph.node("Clip",
                List.of(s.use(self), s.scalar(self, (Number) a[0]), s.scalar(self, (Number) a[1]))),
                self.batchAxis, out));
        TABLE.put("softmax(int)", (s, self, a, out) -> s.out(s.graph.node("Softmax", List.of(s.use(self)),
                Attr.i("axis", (Integer) a[0])), self.batchAxis, out));
        TABLE.put("toType(DataType,boolean)", Ops::cast);
        TABLE.put("reshape(Shape)", (s, self, a, out) -> Shapes.reshape(s, self, (Shape) a[0], out));
        TABLE.put("transpose(int[])", (s, self, a, out) -> Shapes.transpose(s, self, (int[]) a[0], out));
        TABLE.put("swapAxes(int,int)", (s, self, a, out) -> {
            int r = self.rank();
            int[] perm = java.util.stream.IntStream.range(0, r).toArray();
            int i = Math.floorMod((Integer) a[0], r);
            int j = Math.floorMod((Integer) a[1], r);
            perm[i] = j;
            perm[j] = i;
            return Shapes.transpose(s, self, perm, out);
        });
        TABLE.put("transpose()", (s, self, a, out) -> Shapes.transpose(s, self, new int[0], out));
        TABLE.put("broadcast(Shape)", (s, self, a, out) -> Shapes.broadcast(s, self, (Shape) a[0], out));
        TABLE.put("get(NDManager,NDIndex)", (s, self, a, out) ->
                Shapes.index(s, self, (ai.djl.ndarray.index.NDIndex) a[1], out));
        TABLE.put("expandDims(int)", (s, self, a, out) -> Shapes.expandDims(s, self, (Integer) a[0], out));
        TABLE.put("squeeze(int[])", (s, self, a, out) -> Shapes.squeeze(s, self, (int[]) a[0], out));
        TABLE.put("mean(int[],boolean)", (s, self, a, out) -> Shapes.mean(s, self, (int[]) a[0], (Boolean) a[1], out));
    }

    private Ops() {}

    /** The translator for a method of {@link NDArray}, or null. */
    static Translator find(Method m) {
        return TABLE.get(Dispatch.key(m));
    }

    static Translator unary(String op) {
        return (s, self, a, out) -> s.out(s.graph.node(op, List.of(s.use(self))), self.batchAxis, out);
    }

    /** Elementwise with NumPy broadcasting, which ONNX shares; a number becomes a scalar of the array's type. */
    static Translator binary(String op) {
        return (s, self, a, out) -> {
            Value other = a[0] instanceof NDArray arr ? s.value(arr) : null;
            String rhs = other == null ? s.scalar(self, (Number) a[0]) : s.use(other);
            String y = s.graph.node(op, List.of(s.use(self), rhs));
            return s.out(y, Shapes.broadcastAxis(self, other, out), out);
        };
    }

    private static Value cast(TraceSession s, Value self, Object[] a, NDArray out) {
        DataType to = (DataType) a[0];
        if (to == self.real.getDataType()) {
            return s.out(s.use(self), self.batchAxis, out);
        }
        OnnxMl.TensorProto.DataType t = switch (to) {
            case FLOAT32 -> OnnxMl.TensorProto.DataType.FLOAT;
            case FLOAT64 -> OnnxMl.TensorProto.DataType.DOUBLE;
            case INT64 -> OnnxMl.TensorProto.DataType.INT64;
            case INT32 -> OnnxMl.TensorProto.DataType.INT32;
            case BOOLEAN -> OnnxMl.TensorProto.DataType.BOOL;
            case UINT8 -> OnnxMl.TensorProto.DataType.UINT8;
            default -> throw new TraceException("ONNX export cannot cast to " + to);
        };
        return s.out(s.graph.node("Cast", List.of(s.use(self)), Attr.i("to", t.getNumber())), self.batchAxis, out);
    }
}
