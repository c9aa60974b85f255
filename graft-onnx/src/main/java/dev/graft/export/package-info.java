/**
 * ONNX export that proves itself: {@link dev.graft.export.OnnxExport} writes a run or a network as
 * an ONNX model and keeps the file only when ONNX Runtime agrees with Graft on real images.
 */
package dev.graft.export;
