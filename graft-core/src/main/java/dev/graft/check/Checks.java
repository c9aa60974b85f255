package dev.graft.check;

import java.util.Locale;

/**
 * Range checks with one message form: {@code `<name>` must be <range>, got <value>}, such as
 * {@code `lr` must be finite and > 0, got Infinity}. The name is the library parameter (a record
 * component or builder option) in backquotes, as every library message names a setting
 * ({@link dev.graft.GraftException}); the CLI prints it as its flag, {@code --lr}. Floating-point checks refuse
 * NaN and infinities unless the range says otherwise. Each method returns the value, so a compact
 * constructor can check and assign in one line.
 */
public final class Checks {
    private Checks() {}

    /** {@code min <= value <= max}. */
    public static int range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw fail(name, describe(min, max), Integer.toString(value));
        }
        return value;
    }

    /** {@code value >= min}. */
    public static int atLeast(String name, int value, int min) {
        return range(name, value, min, Integer.MAX_VALUE);
    }

    /** {@code min <= value <= max}. */
    public static long range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw fail(name, describe(min, max), Long.toString(value));
        }
        return value;
    }

    /** A finite {@code value > 0}. */
    public static double positive(String name, double value) {
        return range(name, value, 0, true, Double.POSITIVE_INFINITY, true);
    }

    /** A finite {@code value > 0}. */
    public static float positive(String name, float value) {
        return range(name, value, 0, true, Double.POSITIVE_INFINITY, true);
    }

    /** A finite {@code value >= min}. */
    public static double atLeast(String name, double value, double min) {
        return range(name, value, min, false, Double.POSITIVE_INFINITY, true);
    }

    /** A finite {@code value >= min}. */
    public static float atLeast(String name, float value, float min) {
        return range(name, value, min, false, Double.POSITIVE_INFINITY, true);
    }

    /** A probability-like share in {@code [0, 1)}. */
    public static float fraction(String name, float value) {
        return range(name, value, 0, false, 1, true);
    }

    /**
     * A finite value between {@code lo} and {@code hi}; each end is excluded when its flag says
     * so. An infinite end means no bound on that side (the value must still be finite).
     */
    public static double range(String name, double value, double lo, boolean loOpen, double hi, boolean hiOpen) {
        check(name, value, lo, loOpen, hi, hiOpen, Double.toString(value));
        return value;
    }

    /** The same for floats. */
    public static float range(String name, float value, double lo, boolean loOpen, double hi, boolean hiOpen) {
        check(name, value, lo, loOpen, hi, hiOpen, Float.toString(value));
        return value;
    }

    private static void check(String name, double value, double lo, boolean loOpen, double hi, boolean hiOpen,
            String given) {
        boolean ok = Double.isFinite(value) && (loOpen ? value > lo : value >= lo) && (hiOpen ? value < hi : value <= hi);
        if (!ok) {
            throw fail(name, describe(lo, loOpen, hi, hiOpen), given);
        }
    }

    /** Fails unless {@code ok}, with the range described in words, such as {@code "one of 1, 2, 4"}. */
    public static void require(boolean ok, String name, String range, Object value) {
        if (!ok) {
            throw fail(name, range, String.valueOf(value));
        }
    }

    /** The exception every check throws, for checks this class has no method for. */
    public static IllegalArgumentException fail(String name, String range, String value) {
        // a setting in backquotes; an environment variable such as GRAFT_THREADS as it is spelt
        String shown = Character.isLowerCase(name.charAt(0)) ? "`" + name + "`" : name;
        return new IllegalArgumentException(shown + " must be " + range + ", got " + value);
    }

    private static String describe(long min, long max) {
        if (max == Integer.MAX_VALUE || max == Long.MAX_VALUE) {
            return ">= " + min;
        }
        return "in [" + min + ", " + max + "]";
    }

    private static String describe(double lo, boolean loOpen, double hi, boolean hiOpen) {
        if (Double.isInfinite(hi)) {
            return "finite and " + (loOpen ? "> " : ">= ") + number(lo);
        }
        return "in " + (loOpen ? "(" : "[") + number(lo) + ", " + number(hi) + (hiOpen ? ")" : "]");
    }

    /** Whole numbers without a trailing {@code .0}; others as Java prints them. */
    private static String number(double v) {
        if (Double.isFinite(v) && v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        return Double.toString(v).replace("E", "e");
    }
}
