/**
 * End-to-end jobs (train and resume, evaluate, predict, forward, merge, the demo and the study)
 * that the CLI and the Spark stages call: each takes a request record and returns a result record.
 */
package dev.graft.job;
