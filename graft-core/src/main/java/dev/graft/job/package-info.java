/**
 * End-to-end jobs (train, evaluate, predict, forward) that the CLI, the web app and Spark call:
 * each takes a request record and returns a result record.
 */
package dev.graft.job;
