package dev.graft.cli;

import dev.graft.GraftException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code graft}: the command line. Commands parse flags into a request record and call the
 * library; no logic lives only here.
 */
@Command(name = "graft", mixinStandardHelpOptions = true, version = "graft " + dev.graft.Graft.VERSION,
        description = "Transfer learning and fine-tuning for the JVM.",
        subcommands = {DemoCommand.class, TrainCommand.class, PretrainCommand.class, EvaluateCommand.class,
                StudyCommand.class, LrFindCommand.class, PredictCommand.class, ExplainCommand.class, ReviewCommand.class,
                OodCommand.class, MergeCommand.class, ForwardCommand.class, ModelsCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code: 0 success, 1 user error, 2 usage error. */
    public static int run(String... args) {
        // DJL reads these before anything else; without them it calls a cloud metadata address
        defaultProperty("ai.djl.offline", "true");
        defaultProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("java.awt.headless", "true");
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (verbose) {
                ex.printStackTrace();
            }
            cmd.getErr().println("graft: error: " + message(ex, Flags.all(root(cmd))));
            return isUserError(ex) ? 1 : (verbose ? 1 : fallback(ex, cmd));
        });
        cli.setDefaultValueProvider(new LibraryDefaults()); // before the plugins, which bring their own
        addPlugins(cli);
        return cli.execute(args);
    }

    /** The optional modules' command groups on the classpath, in name order. */
    private static void addPlugins(CommandLine cli) {
        ServiceLoader.load(CommandPlugin.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(CommandPlugin::name))
                .forEach(p -> cli.addSubcommand(p.name(), p.command()));
    }

    static boolean isUserError(Throwable ex) {
        return ex instanceof GraftException || ex instanceof IllegalArgumentException
                || ex instanceof UncheckedIOException || ex instanceof UserError;
    }

    private static int fallback(Throwable ex, CommandLine cmd) {
        cmd.getErr().println("graft: this looks like a bug; rerun with --verbose for the stack trace");
        return 1;
    }

    /** The exception's message, with the library's setting names shown as this command line's flags. */
    static String message(Throwable ex, java.util.Set<String> flags) {
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : Flags.forCli(m, flags);
    }

    private static CommandLine root(CommandLine cmd) {
        CommandLine c = cmd;
        while (c.getParent() != null) {
            c = c.getParent();
        }
        return c;
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) {
            System.setProperty(key, value);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    /** A mistake in what the user asked for, reported as one line with exit code 1. */
    static final class UserError extends RuntimeException {
        UserError(String message) {
            super(message);
        }
    }
}
