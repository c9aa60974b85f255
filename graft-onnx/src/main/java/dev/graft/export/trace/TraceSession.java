package dev.graft.export.trace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.internal.NDArrayEx;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.graft.export.onnx.Attr;
import dev.graft.export.onnx.OnnxGraph;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one trace: the graph being written, the manager that owns every array the trace
 * computes, and the constants seen so far. Arrays handed to the network are dynamic proxies
 * ({@link ArrayHandler}) that compute their real value and record the ONNX nodes for it.
 */
final class TraceSession {
    final OnnxGraph graph;
    final NDManager manager;
    final NDManager managerProxy;
    final long batch;
    private final String input;
    private final Map<NDArray, Value> constants = new IdentityHashMap<>();
    private final Map<NDArray, Boolean> borrowed = new IdentityHashMap<>();
    private String batchDim;

    TraceSession(OnnxGraph graph, NDManager manager, long batch, String input) {
        this.graph = graph;
        this.manager = manager;
        this.batch = batch;
        this.input = input;
        this.managerProxy = (NDManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {NDManager.class}, new ManagerHandler(this));
    }

    /** A proxy for a network parameter; the real array stays its owner's and is never closed here. */
    NDArray borrowParameter(NDArray real, String name) {
        borrowed.put(real, Boolean.TRUE);
        Value v = Value.constant(real, name, true);
        constants.put(real, v);
        return proxy(v);
    }

    NDArray proxy(Value v) {
        return (NDArray) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {NDArray.class},
                new ArrayHandler(this, v));
    }

    NDArrayEx exProxy(ArrayHandler owner) {
        return (NDArrayEx) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {NDArrayEx.class},
                new ExHandler(this, owner));
    }

    /** The value behind an array argument: a proxy's own, or a constant for a plain array. */
    Value value(Object array) {
        if (array instanceof NDArray a && Proxy.isProxyClass(a.getClass())
                && Proxy.getInvocationHandler(a) instanceof ArrayHandler h) {
            return h.value;
        }
        if (array instanceof NDArray a) {
            // an array from outside the trace (held by a module, say) is read, never adopted: its owner frees it
            return constants.computeIfAbsent(a, k -> Value.constant(k, "const", false));
        }
        throw new IllegalArgumentException("not an array: " + array);
    }

    /** A constant for an array computed from constants alone, named after the parameter it most resembles. */
    Value folded(NDArray real, Value from, String op) {
        Value known = constants.get(real);
        if (known != null) {
            return known;
        }
        String hint = from == null ? "const" : from.parameter && sameShape(from.real, real) ? from.hint
                : from.hint + "_" + op;
        Value v = Value.constant(adopt(real), hint, false);
        constants.put(real, v);
        return v;
    }

    /** A new node output. */
    Value out(String name, int batchAxis, NDArray real) {
        return Value.dynamic(adopt(real), name, batchAxis);
    }

    /** The graph name of a value; a constant becomes an initializer the first time it is used. */
    String use(Value v) {
        if (v.name == null) {
            v.name = initializer(v.hint, v.real);
        }
        return v.name;
    }

    String use(Object array) {
        return use(value(array));
    }

    /** A 0-D constant of {@code like}'s element type. */
    String scalar(Value like, Number n) {
        return switch (like.real.getDataType()) {
            case FLOAT64 -> graph.scalarDouble(n.doubleValue());
            case INT64 -> graph.longs("scalar", new long[] {n.longValue()});
            default -> graph.scalar(n.floatValue());
        };
    }

    /** A 1-D int64 tensor [N] holding the batch size of the input, for shapes that must follow it. */
    String batchDim() {
        if (batchDim == null) {
            batchDim = graph.node("Shape", List.of(input), Attr.i("start", 0), Attr.i("end", 1));
        }
        return batchDim;
    }

    /** Moves an array the trace computed into the trace's manager, unless it is a parameter's. */
    NDArray adopt(NDArray real) {
        if (!borrowed.containsKey(real) && real.getManager() != manager) {
            real.attach(manager);
        }
        return real;
    }

    /** Real arguments for running the op on libtorch: proxies replaced by their arrays. */
    Object[] unwrapAll(Object[] args) {
        if (args == null) {
            return null;
        }
        Object[] out = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            out[i] = unwrap(args[i]);
        }
        return out;
    }

    Object unwrap(Object a) {
        if (a instanceof NDArray arr && Proxy.isProxyClass(a.getClass())) {
            return value(arr).real;
        }
        if (a instanceof NDList list) {
            NDList out = new NDList(list.size());
            for (NDArray x : list) {
                out.add((NDArray) unwrap(x));
            }
            return out;
        }
        if (a == managerProxy) {
            return manager;
        }
        return a;
    }

    /** Whether any array among the receiver and arguments depends on the input. */
    boolean anyDynamic(Value self, Object[] args) {
        if (self != null && self.dynamic) {
            return true;
        }
        if (args != null) {
            for (Object a : args) {
                if (a instanceof NDArray arr && Proxy.isProxyClass(a.getClass()) && value(arr).dynamic) {
                    return true;
                }
                if (a instanceof NDList list && list.stream().anyMatch(x -> anyDynamic(null, new Object[] {x}))) {
                    return true;
                }
            }
        }
        return false;
    }

    TraceException unsupported(String what) {
        return new TraceException("ONNX export cannot record " + what + " on a value computed from the input; "
                + "the exporter covers the operations Graft's registered architectures use");
    }

    private String initializer(String hint, NDArray real) {
        long[] shape = real.getShape().getShape();
        return switch (real.getDataType()) {
            case FLOAT32 -> graph.floats(hint, real.toFloatArray(), shape);
            case FLOAT64 -> graph.doubles(hint, real.toDoubleArray(), shape);
            case INT64 -> graph.longs(hint, real.toLongArray(), shape);
            case INT32 -> {
                int[] v = real.toIntArray();
                ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asIntBuffer().put(v);
                yield graph.initializer(hint, DataType.INT32, b.array(), shape);
            }
            case BOOLEAN -> graph.initializer(hint, DataType.BOOL, real.toByteArray(), shape);
            default -> throw new TraceException("ONNX export cannot store a " + real.getDataType() + " constant ("
                    + hint + ")");
        };
    }

    private static boolean sameShape(NDArray a, NDArray b) {
        return a.getShape().equals(b.getShape());
    }
}
