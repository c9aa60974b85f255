package dev.graft.cli;

import dev.graft.engine.Engines;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Flags every command has, in every module: {@code --verbose}, {@code --threads} and {@code --json}. */
public final class CommonOptions {
    @Mixin
    Flags.Verbose verbose;

    // no defaultValue: GRAFT_THREADS is read in one place, the library's Engines
    @Option(names = "--threads",
            description = "libtorch and image-decoding threads, at most 4 per core (default: all cores; "
                    + "GRAFT_THREADS sets it too).")
    int threads;

    @Option(names = "--json", description = "Print results as JSON on stdout.")
    boolean json;

    /** The thread count given (checked), else {@code GRAFT_THREADS}, else 0 for the engine's own choice. */
    public int threads() {
        Engines.checkThreads("threads", threads, true);
        return threads > 0 ? threads : Engines.envThreads();
    }

    /** The threads to run on: these (checked), else the library's default (GRAFT_THREADS, else every core). */
    public int effectiveThreads() {
        Engines.checkThreads("threads", threads, true);
        return threads > 0 ? threads : Engines.defaultThreads();
    }

    public boolean json() {
        return json;
    }

    public boolean verbose() {
        return verbose.value();
    }
}
