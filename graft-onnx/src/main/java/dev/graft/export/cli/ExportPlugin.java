package dev.graft.export.cli;

import dev.graft.cli.CommandPlugin;

/** Registers {@code graft export} with the graft CLI when graft-onnx is on the classpath. */
public final class ExportPlugin extends CommandPlugin {
    public ExportPlugin() {
        super("export", ExportCommand::new);
    }
}
