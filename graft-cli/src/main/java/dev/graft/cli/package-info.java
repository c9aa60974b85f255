/**
 * The {@code graft} command line: each command parses flags into a request record and calls a
 * graft-core job; progress goes to stderr, results to stdout.
 */
package dev.graft.cli;
