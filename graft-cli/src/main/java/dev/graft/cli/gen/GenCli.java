package dev.graft.cli.gen;

import dev.graft.data.DataException;
import dev.graft.run.RunException;
import dev.graft.weights.WeightsException;
import java.io.PrintWriter;
import java.util.function.Consumer;
import picocli.CommandLine;

/** Shared pieces of the {@code gen} commands: error handling, progress output and common options. */
final class GenCli {
    private GenCli() {}

    /**
     * The gen command with Graft's exit codes: 1 and a one-line message for errors (the stack
     * trace only with {@code --verbose}), 2 for usage errors (picocli's own).
     */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new GenCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (parseResult.originalArgs().contains("--verbose")) {
                ex.printStackTrace(err);
            }
            String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            err.println("error: " + msg + (isUserError(ex) ? "" : " (an internal error; --verbose shows where)"));
            err.flush();
            return 1;
        });
        return cl;
    }

    static boolean isUserError(Throwable ex) {
        return ex instanceof IllegalArgumentException || ex instanceof DataException || ex instanceof RunException
                || ex instanceof WeightsException || ex instanceof java.io.UncheckedIOException
                || ex instanceof IllegalStateException;
    }

    /** Progress lines to stderr. */
    static Consumer<String> progress(CommandLine.Model.CommandSpec spec) {
        PrintWriter err = spec.commandLine().getErr();
        return line -> {
            err.println(line);
            err.flush();
        };
    }

    /** Options every gen command has. */
    static final class Common {
        @CommandLine.Option(names = "--threads", defaultValue = "0",
                description = "libtorch threads (default: GRAFT_THREADS, else libtorch's own choice)")
        int threads;

        @CommandLine.Option(names = "--verbose", description = "show stack traces on errors")
        boolean verbose;

        int threads() {
            dev.graft.engine.Engines.checkThreads("threads", threads, true);
            return threads > 0 ? threads : dev.graft.engine.Engines.envThreads();
        }
    }
}
