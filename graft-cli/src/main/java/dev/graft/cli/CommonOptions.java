package dev.graft.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Flags every command has, in every module: {@code --verbose}, {@code --threads} and {@code --json}. */
public final class CommonOptions {
    @Mixin
    Flags.Verbose verbose;

    @Option(names = "--threads", defaultValue = "${env:GRAFT_THREADS:-0}",
            description = "libtorch and image-decoding threads (default: all cores; GRAFT_THREADS sets it too).")
    int threads;

    @Option(names = "--json", description = "Print results as JSON on stdout.")
    boolean json;

    /** The thread count given, or 0 for the engine's own choice. */
    public int threads() {
        return threads;
    }

    /** The thread count given, or every core. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    public boolean json() {
        return json;
    }

    public boolean verbose() {
        return verbose.value();
    }
}
