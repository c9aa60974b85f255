package dev.graft.gen.cli;

import dev.graft.cli.CommandPlugin;

/** Registers {@code graft gen} with the graft CLI when graft-gen is on the classpath. */
public final class GenPlugin extends CommandPlugin {
    public GenPlugin() {
        super("gen", GenCommand::new);
    }
}
