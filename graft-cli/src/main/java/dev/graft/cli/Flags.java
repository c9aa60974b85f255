package dev.graft.cli;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The flags several commands share, each declared once here, and how library setting names
 * become flags.
 *
 * <p>A command (of any module) takes a shared flag as a picocli mixin. Where the library holds the
 * default, the mixin is built without one ({@code @Mixin Flags.Seed seed = new Flags.Seed();}) and
 * the command's default provider ({@link LibraryDefaults}) answers with the library's value; a
 * command whose default is its own passes it: {@code new Flags.Seed(0)}. Where the default is
 * worked out at run time, or the command requires the flag, a note stands in its place
 * ({@link Lr#note}, {@link Out#note}, {@link Data#note}) and the command reads the value only if
 * {@link Flag#given given}.
 *
 * <p>The library names a setting in its messages as {@code `valFraction`}; every flag is that name
 * in kebab case, {@code --val-fraction}, so the mapping is one rule ({@link #of}, {@link #forCli})
 * instead of a table that could drift ({@code FlagsTest} checks that every name the library's
 * messages use is a flag of some command).
 */
public final class Flags {
    private static final Pattern NAME = Pattern.compile("`([a-z][A-Za-z0-9]*)`");

    private Flags() {}

    /** The flag for a library setting name: {@code valFraction} is {@code --val-fraction}. */
    public static String of(String setting) {
        return "--" + setting.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** A library message as the command line says it: each {@code `name`} becomes its flag. */
    public static String forCli(String message) {
        return forCli(message, null);
    }

    /**
     * As {@link #forCli(String)}, for a command line whose flags are {@code flags}: a name that is
     * none of them (a field of a damaged {@code graft.json}, say) loses its backquotes instead of
     * becoming a flag that does not exist.
     *
     * @param flags every flag of the command line, or null to map every name
     */
    public static String forCli(String message, Set<String> flags) {
        Matcher m = NAME.matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String flag = of(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(flags == null || flags.contains(flag) ? flag : m.group(1)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Every option name of {@code cli} and its subcommands, at any depth. */
    public static Set<String> all(CommandLine cli) {
        Set<String> out = new HashSet<>();
        for (OptionSpec o : cli.getCommandSpec().options()) {
            out.addAll(List.of(o.names()));
        }
        for (CommandLine sub : cli.getSubcommands().values()) {
            out.addAll(all(sub));
        }
        return out;
    }

    /** What each shared flag knows besides its value: its name, and whether the command line gave it. */
    abstract static class Flag {
        @Spec(Spec.Target.MIXEE)
        CommandSpec mixee;

        abstract String name();

        /** Whether the command line gave this flag. */
        public boolean given() {
            CommandLine.ParseResult r = mixee.commandLine().getParseResult();
            return r != null && r.hasMatchedOption(name());
        }

        ParameterException usage(String message) {
            return new ParameterException(mixee.commandLine(), message);
        }
    }

    /** A flag whose default may be a note instead of a value. */
    abstract static class Noted extends Flag {
        private boolean literal = true;

        /** Marks the initial value as a note for the help, not a value. */
        void noted() {
            literal = false;
        }

        /** Marks the current value as a real one that the command itself supplied. */
        void supplied() {
            literal = true;
        }

        /** The command line's value, or the default; a bare note is a missing required flag. */
        String raw(String value, String label) {
            if (!literal && !given()) {
                throw usage("Missing required option: '" + name() + "=" + label + "'");
            }
            return value;
        }
    }

    /** {@code --verbose}. */
    public static final class Verbose extends Flag {
        @Option(names = "--verbose", description = "Show stack traces on errors.")
        boolean verbose;

        public boolean value() {
            return verbose;
        }

        @Override
        String name() {
            return "--verbose";
        }
    }

    /** {@code --seed}. */
    public static final class Seed extends Flag {
        @Option(names = "--seed", paramLabel = "N", description = "Seed of everything random (data order and "
                + "splits, augmentation, dropout, noise, new weights): the same seed gives the same result "
                + "(default: ${DEFAULT-VALUE}).")
        long seed;

        /** The default comes from the command's default provider (the library's). */
        public Seed() {}

        public Seed(long defaultValue) {
            seed = defaultValue;
        }

        public long value() {
            return seed;
        }

        /** The value the command line gave, or null. */
        public Long ifGiven() {
            return given() ? seed : null;
        }

        @Override
        String name() {
            return "--seed";
        }
    }

    /** {@code --epochs}. */
    public static final class Epochs extends Flag {
        @Option(names = "--epochs", paramLabel = "N", description = "Training epochs (fine-tune: after its head-only "
                + "epochs) (default: ${DEFAULT-VALUE}).")
        int epochs;

        /** The default comes from the command's default provider (the library's). */
        public Epochs() {}

        public Epochs(int defaultValue) {
            epochs = defaultValue;
        }

        public int value() {
            return epochs;
        }

        /** The value the command line gave, or null. */
        public Integer ifGiven() {
            return given() ? epochs : null;
        }

        @Override
        String name() {
            return "--epochs";
        }
    }

    /**
     * {@code --lr}. Kept as text and read as a float or a double, as each command's trainer takes
     * it, so a value converts exactly as it did when each command declared its own.
     */
    public static final class Lr extends Noted {
        @Option(names = "--lr", paramLabel = "RATE", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
        String lr;

        /** The default comes from the command's default provider (the library's). */
        public Lr() {}

        /** @param defaultValue a number, such as {@code 1e-3} */
        public Lr(String defaultValue) {
            lr = defaultValue;
        }

        /** A default worked out at run time, described for the help. */
        public static Lr note(String note) {
            Lr l = new Lr(note);
            l.noted();
            return l;
        }

        public float floatValue() {
            String v = raw(lr, "RATE");
            try {
                return Float.parseFloat(v);
            } catch (NumberFormatException e) {
                throw usage("Invalid value for option '--lr': '" + v + "' is not a float");
            }
        }

        public double doubleValue() {
            String v = raw(lr, "RATE");
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw usage("Invalid value for option '--lr': '" + v + "' is not a double");
            }
        }

        /** The value the command line gave, or null. */
        public Float floatIfGiven() {
            return given() ? floatValue() : null;
        }

        @Override
        String name() {
            return "--lr";
        }
    }

    /** {@code --data}. */
    public static final class Data extends Noted {
        @Option(names = "--data", paramLabel = "DATA", description = "The images: a folder with one subfolder per "
                + "class (for spark, any Hadoop path), a CSV file of path,label rows (paths relative to its folder), or "
                + "fashion-mnist (gen: fashion-mnist:CLASSES, e.g. "
                + "fashion-mnist:9) (default: ${DEFAULT-VALUE}).")
        String data;

        public Data(String defaultValue) {
            data = defaultValue;
        }

        /** A flag without a default value; the note says what happens without it. */
        public static Data note(String note) {
            Data d = new Data(note);
            d.noted();
            return d;
        }

        /** The value; a missing required flag is a usage error. */
        public String value() {
            return raw(data, "DATA");
        }

        /** The value the command line gave, or null. */
        public String ifGiven() {
            return given() ? data : null;
        }

        /** Data the command works out itself (generated data, say), used as if given. */
        void supply(String value) {
            data = value;
            supplied();
        }

        @Override
        String name() {
            return "--data";
        }
    }

    /** {@code --out}. */
    public static final class Out extends Noted {
        @Option(names = "--out", paramLabel = "OUT", description = "Where to write: the run or study folder, or the "
                + "file the command names (default: ${DEFAULT-VALUE}).")
        String out;

        public Out(String defaultValue) {
            out = defaultValue;
        }

        /** A flag without a default value; the note says what happens without it. */
        public static Out note(String note) {
            Out o = new Out(note);
            o.noted();
            return o;
        }

        /** The value as text (Spark takes Hadoop paths); a missing required flag is a usage error. */
        public String value() {
            return raw(out, "OUT");
        }

        public Path path() {
            return Path.of(value());
        }

        /** The path the command line gave, or null. */
        public Path pathIfGiven() {
            return given() ? Path.of(out) : null;
        }

        @Override
        String name() {
            return "--out";
        }
    }

    /** {@code --force}. */
    public static final class Force extends Flag {
        @Option(names = "--force", description = "Replace what --out holds (a finished run, a study) when it holds only files "
                + "Graft wrote; the old one stays until the new one finishes.")
        boolean force;

        public boolean value() {
            return force;
        }

        @Override
        String name() {
            return "--force";
        }
    }
}
