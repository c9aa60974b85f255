package dev.graft.export.trace;

/** The network does something the tracer cannot write as ONNX; the message names the operation. */
public final class TraceException extends IllegalStateException {
    public TraceException(String message) {
        super(message);
    }
}
