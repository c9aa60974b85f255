package dev.graft.export.trace;

import ai.djl.ndarray.NDArray;

/**
 * What the tracer knows about one array: its real value (computed by libtorch as the trace runs,
 * so shapes and constants are always exact) and how the ONNX graph refers to it.
 *
 * <p>A dynamic value depends on the network's input and is a node output in the graph; its
 * {@code batchAxis} says which dimension is the batch, which the exporter keeps dynamic. A constant
 * (a parameter, a buffer, or anything computed from them alone, such as a LoRA-merged weight)
 * becomes an initializer the first time a node uses it.
 */
final class Value {
    final NDArray real;
    final boolean dynamic;
    final int batchAxis;
    final String hint;
    final boolean parameter;
    String name;

    private Value(NDArray real, boolean dynamic, int batchAxis, String name, String hint, boolean parameter) {
        this.real = real;
        this.dynamic = dynamic;
        this.batchAxis = batchAxis;
        this.name = name;
        this.hint = hint;
        this.parameter = parameter;
    }

    static Value dynamic(NDArray real, String name, int batchAxis) {
        return new Value(real, true, batchAxis, name, name, false);
    }

    static Value constant(NDArray real, String hint, boolean parameter) {
        return new Value(real, false, -1, null, hint, parameter);
    }

    long[] shape() {
        return real.getShape().getShape();
    }

    int rank() {
        return real.getShape().dimension();
    }

    @Override
    public String toString() {
        return (dynamic ? "traced " : "constant ") + hint + " " + real.getShape();
    }
}
