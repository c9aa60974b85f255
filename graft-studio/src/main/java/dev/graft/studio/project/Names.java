package dev.graft.studio.project;

import dev.graft.studio.StudioException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What names the Studio accepts. Class names and image names become folder and file names, so
 * they are checked here, before any path is built from them: no separators, no {@code ..}, no
 * leading dot, no control characters. Whatever passes cannot climb out of its folder.
 */
public final class Names {
    /** Letters and digits of any script, then also space, {@code _ - . , ( ) +}; up to 64 characters. */
    private static final Pattern CLASS = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _.,()+-]{0,63}");
    /** Image file names the Studio itself gives: a safe stem and a known extension. */
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,100}\\.(png|jpg|gif|bmp)");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final int MAX_DISPLAY = 80;

    private Names() {}

    /**
     * A class name, trimmed, or a refusal that says what is allowed.
     *
     * @param raw the name as typed
     * @return the name to use as a folder name
     */
    public static String className(String raw) {
        String s = raw == null ? "" : raw.strip();
        if (!CLASS.matcher(s).matches() || s.endsWith(".") || s.contains("..")) {
            throw StudioException.badInput("class name '" + printable(raw) + "' is not allowed: use 1-64 letters, "
                    + "digits, spaces and _ - . , ( ) +, starting with a letter or digit");
        }
        return s;
    }

    /**
     * An image's file name as the Studio stored it, or a refusal.
     *
     * @param raw the name from a request
     * @return the same name
     */
    public static String imageName(String raw) {
        if (raw == null || !IMAGE.matcher(raw).matches() || raw.contains("..")) {
            throw StudioException.badInput("image name '" + printable(raw) + "' is not one the Studio gave; "
                    + "reload the page");
        }
        return raw;
    }

    /**
     * An identifier of a project, run, study or job.
     *
     * @param raw the identifier from a request
     * @param what what it names, for the message
     * @return the same identifier
     */
    public static String id(String raw, String what) {
        if (raw == null || !ID.matcher(raw).matches()) {
            throw StudioException.notFound("no " + what + " '" + printable(raw) + "'");
        }
        return raw;
    }

    /**
     * A project's display name: any text but control characters, up to 80 characters.
     *
     * @param raw the name as typed
     * @return the name, trimmed
     */
    public static String displayName(String raw) {
        String s = raw == null ? "" : raw.strip();
        if (s.isEmpty() || s.length() > MAX_DISPLAY || s.chars().anyMatch(Character::isISOControl)) {
            throw StudioException.badInput("project name '" + printable(raw) + "' is not allowed: use 1-" + MAX_DISPLAY
                    + " characters without control characters");
        }
        return s;
    }

    /**
     * A safe stem for storing an uploaded file, derived from the name the browser sent (which is
     * never trusted as a path): its last path segment, reduced to {@code [A-Za-z0-9_-]}.
     *
     * @param original the file name as uploaded, possibly null or hostile
     * @return a stem of 1-60 characters
     */
    public static String stem(String original) {
        String s = original == null ? "" : original;
        s = s.substring(Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\')) + 1);
        int dot = s.lastIndexOf('.');
        if (dot > 0) {
            s = s.substring(0, dot);
        }
        s = s.replaceAll("[^A-Za-z0-9_-]+", "_").replaceAll("^[_-]+|[_-]+$", "");
        if (s.isEmpty()) {
            s = "image";
        }
        return s.length() > 60 ? s.substring(0, 60) : s;
    }

    /** A name cut to 80 printable characters, for messages. */
    static String printable(String raw) {
        if (raw == null) {
            return "";
        }
        String s = raw.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /** Lower-case form, for case-insensitive clash checks on case-insensitive file systems. */
    static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
