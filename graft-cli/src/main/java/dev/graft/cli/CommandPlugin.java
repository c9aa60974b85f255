package dev.graft.cli;

import java.util.function.Supplier;

/**
 * A command group from an optional module (generative models, benchmarks, Spark). A module names
 * its subclass in {@code META-INF/services/dev.graft.cli.CommandPlugin}; {@link Main} finds every
 * one on the classpath with {@link java.util.ServiceLoader}, so the core CLI never names them, and
 * a module that is not on the classpath is simply absent.
 */
public abstract class CommandPlugin {
    private final String name;
    private final Supplier<Object> command;

    /**
     * @param name the subcommand's name, such as {@code gen}
     * @param command makes a new picocli command object: an instance of a {@code @Command} class
     */
    protected CommandPlugin(String name, Supplier<Object> command) {
        this.name = name;
        this.command = command;
    }

    public final String name() {
        return name;
    }

    public final Object command() {
        return command.get();
    }
}
