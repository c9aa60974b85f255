package dev.graft.cli;

import dev.graft.engine.Engines;
import picocli.CommandLine.Option;

/** Flags every command has. */
final class CommonOptions {
    @Option(names = "--verbose", description = "Show stack traces on errors.")
    boolean verbose;

    @Option(names = "--threads",
            description = "libtorch and image-decoding threads (default: all cores; GRAFT_THREADS sets it too).")
    int threads;

    @Option(names = "--json", description = "Print results as JSON on stdout.")
    boolean json;

    /** The threads to run on: these, else the library's default (GRAFT_THREADS, else every core). */
    int effectiveThreads() {
        return threads > 0 ? threads : Engines.defaultThreads();
    }

    /** The threads asked for, by flag or GRAFT_THREADS, or 0 when neither says. */
    int requestedThreads() {
        return threads > 0 ? threads : Engines.envThreads();
    }
}
