/** Benchmarks behind {@code graft bench}: throughput per thread count, and memory over long training. */
package dev.graft.bench;
