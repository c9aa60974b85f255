/**
 * Graft's neural-network modules: PyTorch's structure and parameter names over DJL's NDArray
 * operations, with per-layer freezing and a BatchNorm policy that survives train/eval switches.
 */
package dev.graft.nn;
