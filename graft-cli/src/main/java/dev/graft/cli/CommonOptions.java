package dev.graft.cli;

import picocli.CommandLine.Option;

/** Flags every command has. */
final class CommonOptions {
    @Option(names = "--verbose", description = "Show stack traces on errors.")
    boolean verbose;

    @Option(names = "--threads", defaultValue = "${env:GRAFT_THREADS:-0}",
            description = "libtorch and image-decoding threads, at most 4 per core (default 0: all cores; "
                    + "GRAFT_THREADS sets it too).")
    int threads;

    @Option(names = "--json", description = "Print results as JSON on stdout.")
    boolean json;

    int effectiveThreads() {
        return dev.graft.engine.Engines.effectiveThreads(threads);
    }
}
