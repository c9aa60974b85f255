package dev.graft;

import java.util.Locale;
import java.util.Map;

/**
 * Limits and switches a user may change without code: each is read from a Java system property
 * or, failing that, an environment variable of the same name ({@code GRAFT_MAX_IMAGE_PIXELS} works
 * as {@code -DGRAFT_MAX_IMAGE_PIXELS=...} and as {@code export GRAFT_MAX_IMAGE_PIXELS=...}). Values
 * are read when used, so a program may also set the property before calling the library.
 */
public final class Settings {
    private Settings() {}

    /**
     * The raw value of a setting.
     *
     * @param name the property and environment variable name, such as {@code GRAFT_MAX_IMAGE_PIXELS}
     * @return the trimmed value, or null when neither the property nor the variable is set
     */
    public static String raw(String name) {
        return raw(name, System.getenv());
    }

    /**
     * As {@link #raw(String)}, with {@code env} standing in for the process environment.
     *
     * @param name the property and environment variable name
     * @param env the environment to read when the property is unset
     * @return the trimmed value, or null when unset
     */
    public static String raw(String name, Map<String, String> env) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            v = env.get(name);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * A whole number from {@code min} to {@code max}, or {@code dflt} when unset. Accepts
     * underscores ({@code 100_000}) and a binary suffix {@code K}, {@code M}, {@code G} or
     * {@code T} ({@code 64M} is 64 MiB).
     *
     * @param name the property and environment variable name
     * @param dflt the value when the setting is unset
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the setting's value, or {@code dflt}
     * @throws IllegalArgumentException naming the setting and the allowed range when the value is not one
     */
    public static long number(String name, long dflt, long min, long max) {
        return number(name, System.getenv(), dflt, min, max);
    }

    /**
     * As {@link #number(String, long, long, long)}, with {@code env} standing in for the process environment.
     *
     * @param name the property and environment variable name
     * @param env the environment to read when the property is unset
     * @param dflt the value when the setting is unset
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the setting's value, or {@code dflt}
     */
    public static long number(String name, Map<String, String> env, long dflt, long min, long max) {
        String v = raw(name, env);
        if (v == null) {
            return dflt;
        }
        long parsed;
        try {
            String s = v.replace("_", "").toUpperCase(Locale.ROOT);
            int shift = switch (s.charAt(s.length() - 1)) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                case 'T' -> 40;
                default -> 0;
            };
            long base = Long.parseLong(shift == 0 ? s : s.substring(0, s.length() - 1));
            parsed = shift == 0 ? base : Math.multiplyExact(base, 1L << shift);
        } catch (NumberFormatException | ArithmeticException | StringIndexOutOfBoundsException e) {
            throw outOfRange(name, v, min, max);
        }
        if (parsed < min || parsed > max) {
            throw outOfRange(name, v, min, max);
        }
        return parsed;
    }

    private static IllegalArgumentException outOfRange(String name, String value, long min, long max) {
        return new IllegalArgumentException("setting " + name + "=" + value + " is not a whole number from " + min
                + " to " + max + "; fix or unset the environment variable (or -D" + name + ")");
    }
}
