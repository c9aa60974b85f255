package dev.graft.gen.cli;

import dev.graft.GraftException;
import dev.graft.cli.CommonOptions;
import dev.graft.cli.Flags;
import dev.graft.cli.Printing;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Shared pieces of the {@code gen} commands: error handling and JSON output. */
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
            String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : Flags.forCli(ex.getMessage(), Flags.all(cl));
            err.println("error: " + msg + (isUserError(ex) ? "" : " (an internal error; --verbose shows where)"));
            err.flush();
            return 1;
        });
        return cl;
    }

    static boolean isUserError(Throwable ex) {
        return ex instanceof GraftException || ex instanceof IllegalArgumentException
                || ex instanceof java.io.UncheckedIOException
                || ex instanceof IllegalStateException;
    }

    /** With {@code --json}, prints {@code result} as JSON and returns true; otherwise returns false. */
    static boolean json(CommandLine.Model.CommandSpec spec, CommonOptions common, Object result) {
        if (common.json()) {
            spec.commandLine().getOut().println(Printing.toJson(result));
        }
        return common.json();
    }
}
