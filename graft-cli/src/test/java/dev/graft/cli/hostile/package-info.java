/**
 * Hostile-input tests run through the real CLI in a child JVM: {@link dev.graft.cli.hostile.ChildCli}
 * runs {@code graft} and measures exit code, output, time and peak memory;
 * {@link dev.graft.cli.hostile.TreeSnapshot} shows which files a run changed.
 */
package dev.graft.cli.hostile;
