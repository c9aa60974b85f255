package dev.graft.export.trace;

import ai.djl.ndarray.NDArray;

/** Writes the ONNX nodes for one recorded operation and describes its output. */
@FunctionalInterface
interface Translator {
    /**
     * @param self the receiver (for NDArrayEx ops, the array whose internal ops were called)
     * @param args the arguments as the network passed them (proxies, numbers, shapes)
     * @param out the real result libtorch computed, for its shape and type
     */
    Value emit(TraceSession s, Value self, Object[] args, NDArray out);
}
