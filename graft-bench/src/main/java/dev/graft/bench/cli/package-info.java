/** {@code graft bench}: throughput per thread count and memory over a long fine-tune, from the command line. */
package dev.graft.bench.cli;
