package dev.graft.spark.cli;

import java.util.concurrent.Callable;

/** One line for an error, however deep Spark wrapped it. */
final class Errors {
    private Errors() {}

    /**
     * Runs a command body; a failure comes out as one exception whose message is the useful line,
     * so any handler that prints {@code getMessage()} (graft-cli's too) prints one line. The
     * original stays as the cause, for {@code --verbose}.
     */
    static Integer oneLine(Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (picocli.CommandLine.ParameterException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(message(e), e);
        }
    }

    /**
     * The message of the innermost cause that has one: a failed task reaches the driver wrapped
     * in Spark's exceptions, but the useful sentence is the one Graft's code threw.
     */
    static String message(Throwable e) {
        String best = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t.getMessage();
            }
        }
        if (best == null) {
            return e.getClass().getSimpleName();
        }
        int nl = best.indexOf('\n');
        return nl < 0 ? best : best.substring(0, nl);
    }
}
