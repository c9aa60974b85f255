/**
 * Checks of values at the edge: every numeric option and every number read from a file goes
 * through {@link dev.graft.check.Checks}, so each refusal has the same form, naming the parameter,
 * the allowed range and the value given.
 */
package dev.graft.check;
