/** The generative fine-tuning study: strategies against N, with a table, sample grids and score curves. */
package dev.graft.gen.study;
