/**
 * Writing ONNX models with ONNX's generated protobuf classes: graphs, initializers, metadata, and
 * the in-graph preprocessing of models that take raw pixels.
 */
package dev.graft.export.onnx;
