/**
 * The {@code graft} command line: each command parses flags into a request record and calls a
 * graft-core job; progress goes to stderr, results to stdout. The flags several commands share
 * are declared once ({@link dev.graft.cli.Flags}, {@link dev.graft.cli.CommonOptions}), and
 * optional modules add command groups through {@link dev.graft.cli.CommandPlugin}.
 */
package dev.graft.cli;
