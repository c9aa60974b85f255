/**
 * The training loop and its parts: configuration, optimizer, schedules, losses, listeners,
 * freezing, feature caching, EMA, mixing and the learning-rate finder.
 */
package dev.graft.train;
