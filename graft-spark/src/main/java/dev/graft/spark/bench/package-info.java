/**
 * Throughput of featurization: the plain single-JVM library against Spark in {@code local[N]} on
 * the same image files, with Spark's fixed start-up cost measured apart. A benchmark, not a test.
 */
package dev.graft.spark.bench;
