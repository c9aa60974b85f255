/**
 * Tracing Graft networks into ONNX graphs: the network runs once on arrays that are dynamic
 * proxies of real libtorch arrays, and each operation it performs writes its ONNX nodes.
 * {@link dev.graft.export.trace.Tracer} is the entry point.
 */
package dev.graft.export.trace;
