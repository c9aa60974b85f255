/**
 * End-to-end jobs (train and resume, evaluate, predict, forward, merge) that the CLI, the web app and Spark call:
 * each takes a request record and returns a result record.
 */
package dev.graft.job;
