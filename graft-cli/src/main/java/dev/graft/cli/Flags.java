package dev.graft.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How library setting names become flags. The library names a setting in its messages as
 * {@code `valFraction`}; every flag is that name in kebab case, {@code --val-fraction}, so the
 * mapping is one rule instead of a table that could drift ({@code FlagsTest} checks that every name
 * the library's messages use is a flag of some command).
 */
final class Flags {
    private static final Pattern NAME = Pattern.compile("`([a-z][A-Za-z0-9]*)`");

    private Flags() {}

    /** The flag for a library setting name: {@code valFraction} is {@code --val-fraction}. */
    static String of(String setting) {
        return "--" + setting.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** A library message as the command line says it: each {@code `name`} becomes its flag. */
    static String forCli(String message) {
        Matcher m = NAME.matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(of(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
