/**
 * Graft as Spark ML stages: {@link dev.graft.spark.GraftFeaturizer} turns images into feature
 * vectors with any Graft backbone, {@link dev.graft.spark.GraftClassifier} trains a head on them,
 * and {@link dev.graft.spark.GraftModel} predicts with a run folder made by {@code graft train}.
 * All of them compose in a {@code Pipeline} and save and load with Spark ML persistence.
 */
package dev.graft.spark;
