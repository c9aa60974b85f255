package dev.graft.export.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An ONNX graph under construction, written with ONNX's own generated protobuf classes
 * ({@code ai.onnx.proto.OnnxMl}, as shipped in tribuo-util-onnx). Every value gets a unique name;
 * nodes are added in execution order, which is what ONNX requires of a graph.
 */
public final class OnnxGraph {
    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();
    private final int opset;
    private int counter;

    public OnnxGraph(String name, int opset) {
        graph.setName(name);
        this.opset = opset;
    }

    /** The ai.onnx opset the nodes are written for. */
    public int opset() {
        return opset;
    }

    /** A name not used yet, built from {@code hint}. */
    public String fresh(String hint) {
        String base = hint.replaceAll("[^A-Za-z0-9_.:/-]", "_");
        String name = base;
        while (!names.add(name)) {
            name = base + "_" + (++counter);
        }
        return name;
    }

    /** Adds a node with one output and returns the output's name. */
    public String node(String op, List<String> inputs, Attr... attrs) {
        return node(op, 1, inputs, attrs).get(0);
    }

    /** Adds a node with {@code outputs} outputs and returns their names. */
    public List<String> node(String op, int outputs, List<String> inputs, Attr... attrs) {
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(fresh(op + "_node"));
        n.addAllInput(inputs);
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            String o = fresh(op.toLowerCase() + "_out");
            outs.add(o);
            n.addOutput(o);
        }
        for (Attr a : attrs) {
            n.addAttribute(a.proto());
        }
        graph.addNode(n);
        return outs;
    }

    /** A float32 initializer; returns its (unique) name. */
    public String floats(String hint, float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return initializer(hint, DataType.FLOAT, b.array(), shape);
    }

    /** A float64 initializer. */
    public String doubles(String hint, double[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        return initializer(hint, DataType.DOUBLE, b.array(), shape);
    }

    /** An int64 initializer. */
    public String longs(String hint, long[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return initializer(hint, DataType.INT64, b.array(), shape);
    }

    /** A 1-D int64 constant, the form shape and axis inputs take. */
    public String int64s(long... values) {
        return longs("ints", values, values.length);
    }

    /** A 0-D float32 constant. */
    public String scalar(float v) {
        return floats("scalar", new float[] {v});
    }

    /** A 0-D float64 constant. */
    public String scalarDouble(double v) {
        return doubles("scalar", new double[] {v});
    }

    /** An initializer from little-endian bytes. */
    public String initializer(String hint, DataType type, byte[] littleEndian, long... shape) {
        String name = fresh(hint);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
                .setRawData(ByteString.copyFrom(littleEndian));
        for (long d : shape) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Declares a graph input; each dimension is a Long (fixed) or a String (named, dynamic). */
    public void input(String name, DataType type, Object... dims) {
        names.add(name);
        graph.addInput(valueInfo(name, type, dims));
    }

    /** Declares a graph output of an existing value, under that value's name. */
    public void output(String name, DataType type, Object... dims) {
        graph.addOutput(valueInfo(name, type, dims));
    }

    /** Renames a value to a fixed name by an Identity node (graph outputs need stable names). */
    public String identity(String value, String name) {
        if (!names.add(name)) {
            throw new IllegalStateException("name already used: " + name);
        }
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Identity").setName(fresh("Identity_node"))
                .addInput(value).addOutput(name));
        return name;
    }

    /** {@code ReduceMean} over {@code axes}: an attribute up to opset 17, an input from 18. */
    public String reduceMean(String x, boolean keepDims, long... axes) {
        if (opset < 18) {
            return node("ReduceMean", List.of(x), Attr.ints("axes", axes), Attr.i("keepdims", keepDims ? 1 : 0));
        }
        return node("ReduceMean", List.of(x, int64s(axes)), Attr.i("keepdims", keepDims ? 1 : 0));
    }

    public OnnxMl.GraphProto build() {
        return graph.build();
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, DataType type, Object... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        OnnxMl.TypeProto.Tensor.Builder tensor = OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber())
                .setShape(shape);
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(tensor)).build();
    }
}
