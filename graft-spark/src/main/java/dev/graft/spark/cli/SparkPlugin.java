package dev.graft.spark.cli;

import dev.graft.cli.CommandPlugin;

/** Registers {@code graft spark} with the graft CLI when graft-spark is on the classpath. */
public final class SparkPlugin extends CommandPlugin {
    public SparkPlugin() {
        super("spark", SparkCommand::new);
    }
}
