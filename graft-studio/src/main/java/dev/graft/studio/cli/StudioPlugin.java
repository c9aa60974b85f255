package dev.graft.studio.cli;

import dev.graft.cli.CommandPlugin;

/** Registers {@code graft studio} with the graft CLI when graft-studio is on the classpath. */
public final class StudioPlugin extends CommandPlugin {
    public StudioPlugin() {
        super("studio", StudioCommand::new);
    }
}
