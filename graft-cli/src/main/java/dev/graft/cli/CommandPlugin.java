package dev.graft.cli;

/**
 * A command group from an optional module (generative models, Spark, benchmarks). A module names
 * its implementation in {@code META-INF/services/dev.graft.cli.CommandPlugin}; {@link Main} finds
 * every one on the classpath with {@link java.util.ServiceLoader}, so the core CLI never names
 * them, and a module that is not on the classpath is simply absent.
 */
public interface CommandPlugin {
    /** The subcommand's name, such as {@code gen}. */
    String name();

    /** A new picocli command object: an instance of a {@code @Command} class. */
    Object command();
}
