package dev.graft.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Flags every command has, in every module: {@code --verbose}, {@code --threads} and {@code --json}. */
public final class CommonOptions {
    @Mixin
    Flags.Verbose verbose;

    @Option(names = "--threads", defaultValue = "${env:GRAFT_THREADS:-0}",
            description = "libtorch and image-decoding threads, at most 4 per core (default 0: all cores; "
                    + "GRAFT_THREADS sets it too).")
    int threads;

    @Option(names = "--json", description = "Print results as JSON on stdout.")
    boolean json;

    /** The thread count given (checked), else {@code GRAFT_THREADS}, else 0 for the engine's own choice. */
    public int threads() {
        dev.graft.engine.Engines.checkThreads("threads", threads, true);
        return threads > 0 ? threads : dev.graft.engine.Engines.envThreads();
    }

    /** The thread count given, or every core. */
    public int effectiveThreads() {
        return dev.graft.engine.Engines.effectiveThreads(threads);
    }

    public boolean json() {
        return json;
    }

    public boolean verbose() {
        return verbose.value();
    }
}
