/**
 * What runs inside Spark tasks: a model's files broadcast as bytes, one network per partition
 * closed when the task ends, and the batching of image rows through it, with bad images turned
 * into null results and counted instead of failing the job.
 */
package dev.graft.spark.exec;
