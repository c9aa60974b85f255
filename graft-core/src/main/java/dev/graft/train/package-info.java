/**
 * The training loop and its parts: configuration, optimizer, schedules, losses, listeners,
 * freezing, feature caching, EMA, mixing, the learning-rate finder, checkpoints, and a clean
 * stop on Ctrl-C or SIGTERM ({@link dev.graft.train.GracefulStop}). A
 * {@link dev.graft.train.Checkpointer} among a trainer's listeners saves its complete state
 * atomically, and given that state back the trainer continues exactly where it stopped.
 */
package dev.graft.train;
