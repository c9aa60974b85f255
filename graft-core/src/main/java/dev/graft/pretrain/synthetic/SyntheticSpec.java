package dev.graft.pretrain.synthetic;

import java.util.Locale;

/**
 * Which formula-driven data set: a generator, its number of categories, image size and seed.
 * Written as a data name, {@code synthetic:KIND[:CATEGORIES[:SEED]]} (such as
 * {@code synthetic:fractals:100}), so it travels through {@code --data}, {@code request.json} and
 * resume like any other data set. Two specs that differ only in seed give disjoint categories,
 * which is how held-out synthetic tasks are made.
 *
 * @param kind {@code fractals}, {@code shapes} or {@code noise}
 * @param categories number of categories (default {@link #DEFAULT_CATEGORIES})
 * @param size image height and width (default 28, the bundled backbone's input)
 * @param seed the seed the categories' formulas are drawn from (default 0)
 */
public record SyntheticSpec(String kind, int categories, int size, long seed) {
    public static final String PREFIX = "synthetic:";
    public static final int DEFAULT_CATEGORIES = 100;
    public static final int DEFAULT_SIZE = 28;
    /** The seed the categories' formulas come from unless told otherwise. */
    public static final long DEFAULT_SEED = 0;

    public SyntheticSpec {
        if (!kind.equals("fractals") && !kind.equals("shapes") && !kind.equals("noise")) {
            throw new IllegalArgumentException("unknown synthetic data '" + kind + "': use fractals, shapes or noise");
        }
        if (categories < 2 || categories > 100_000) {
            throw new IllegalArgumentException("synthetic " + kind + ": `categories` must be in [2, 100000], got "
                    + categories);
        }
        if (size < 8 || size > 512) {
            throw new IllegalArgumentException("synthetic " + kind + ": size must be 8..512, got " + size);
        }
    }

    /** Whether a data name is a synthetic one. */
    public static boolean isSynthetic(String data) {
        return data != null && data.toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    /** Parses {@code synthetic:KIND[:CATEGORIES[:SEED]]}, or a bare {@code KIND}. */
    public static SyntheticSpec parse(String s) {
        String body = isSynthetic(s) ? s.substring(PREFIX.length()) : s;
        String[] parts = body.toLowerCase(Locale.ROOT).trim().split(":");
        try {
            int categories = parts.length > 1 ? Integer.parseInt(parts[1]) : DEFAULT_CATEGORIES;
            long seed = parts.length > 2 ? Long.parseLong(parts[2]) : DEFAULT_SEED;
            if (parts.length > 3) {
                throw new NumberFormatException();
            }
            return new SyntheticSpec(parts[0], categories, DEFAULT_SIZE, seed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad synthetic data '" + s
                    + "': use synthetic:KIND[:CATEGORIES[:SEED]], e.g. synthetic:fractals:100");
        }
    }

    /** The data name that parses back to this spec. */
    public String dataName() {
        return PREFIX + kind + ":" + categories + ":" + seed;
    }

    /** The generator this spec names. */
    public Generator generator() {
        return switch (kind) {
            case "fractals" -> new Fractals(categories, size, seed);
            case "shapes" -> new Shapes(categories, size, seed);
            default -> new Noise(categories, size, seed);
        };
    }
}
