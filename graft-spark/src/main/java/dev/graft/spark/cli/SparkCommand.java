package dev.graft.spark.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code graft spark}: Graft's Spark stages from the command line, in {@code local[N]} or on a
 * cluster ({@code --master}). Exit codes: 0 success, 1 a user error (one line naming the fix),
 * 2 a usage error.
 */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = "Featurize images, train a head, or predict, with Spark (local[N] or a cluster).",
        subcommands = {FeaturizeCommand.class, TrainCommand.class, PredictCommand.class, BenchCommand.class})
public final class SparkCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "give a subcommand: featurize, train, predict or bench");
    }

    /** Runs {@code graft spark} alone: {@code java <module flags> -cp ... dev.graft.spark.cli.SparkCommand ARGS}. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Parses and runs; returns the exit code. */
    public static int run(String... args) {
        if (!JvmFlags.present()) {
            System.err.println("graft spark: " + JvmFlags.MISSING);
            return 1;
        }
        JvmFlags.quietLogging();
        return commandLine(Arrays.asList(args).contains("--verbose")).execute(args);
    }

    /** The command with Graft's error handling: one line per user error, stack traces with --verbose. */
    public static CommandLine commandLine(boolean verbose) {
        CommandLine cl = new CommandLine(new SparkCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            PrintWriter err = line.getErr();
            if (verbose) {
                e.printStackTrace(err);
            }
            err.println("graft spark: " + Errors.message(e) + (verbose ? "" : " (--verbose shows the stack trace)"));
            err.flush();
            return 1;
        });
        return cl;
    }
}
