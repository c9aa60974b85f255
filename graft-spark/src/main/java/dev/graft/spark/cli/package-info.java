/**
 * {@code graft spark featurize|train|predict|bench}: picocli commands over
 * {@link dev.graft.spark.SparkJobs}. They live in graft-spark so the rest of the CLI never needs
 * Spark on its classpath; the launcher adds this module when it is built, and graft-cli registers
 * {@link dev.graft.spark.cli.SparkCommand} by name. {@code SparkCommand.main} also runs alone.
 */
package dev.graft.spark.cli;
