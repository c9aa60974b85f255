package dev.graft.bench.cli;

import dev.graft.cli.CommandPlugin;

/** Registers {@code graft bench} with the graft CLI when graft-bench is on the classpath. */
public final class BenchPlugin extends CommandPlugin {
    public BenchPlugin() {
        super("bench", BenchCommand::new);
    }
}
