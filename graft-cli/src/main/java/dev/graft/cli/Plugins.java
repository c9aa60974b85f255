package dev.graft.cli;

import picocli.CommandLine;

/**
 * Optional command groups that live in other modules (Spark, generative models, ONNX export). Each is added
 * only when its class is on the classpath, so the core CLI never depends on them.
 */
final class Plugins {
    private static final String[][] OPTIONAL = {
        {"gen", "dev.graft.cli.gen.GenCommand"},
        {"spark", "dev.graft.spark.cli.SparkCommand"},
        {"export", "dev.graft.export.cli.ExportCommand"},
    };

    private Plugins() {}

    static void register(CommandLine cli) {
        for (String[] p : OPTIONAL) {
            try {
                Class<?> c = Class.forName(p[1]);
                cli.addSubcommand(p[0], c.getDeclaredConstructor().newInstance());
            } catch (ClassNotFoundException e) {
                // module not built or not on the classpath: the command is simply absent
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot load command " + p[1], e);
            }
        }
    }
}
