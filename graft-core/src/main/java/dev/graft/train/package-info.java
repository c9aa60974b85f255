/**
 * The training loop and its parts: optimizer, schedule, losses, freezing, cached features, and
 * checkpoints. A {@link dev.graft.train.Checkpointer} among a trainer's listeners saves its
 * complete state atomically, and given that state back the trainer continues exactly where it
 * stopped.
 */
package dev.graft.train;
