/**
 * Benchmarks behind {@code graft bench}: throughput per thread count, where a training step's time
 * goes, what each speed measure buys, the data pipeline, eager PyTorch side by side, and memory over
 * long training; see {@code docs/PERFORMANCE.md}.
 */
package dev.graft.bench;
