package dev.graft.data;

import dev.graft.check.Checks;
import dev.graft.engine.Engines;

/**
 * Which data to train on and how to split it.
 *
 * @param data a folder in ImageFolder layout, a CSV file of {@code path,label} rows, or {@code fashion-mnist}
 * @param classes for Fashion-MNIST, the class ids to use (each in [0, 9], none twice), relabelled 0..k-1 in
 *     this order (null = all ten)
 * @param perClass training images per class (0 = all)
 * @param valPerClass validation images per class, for Fashion-MNIST and when set for folders (0 = default)
 * @param valFraction share of each class held out for validation when a folder has no {@code val/}, in (0, 1)
 * @param seed drives every selection and split
 * @param threads image-decoding threads, 1 to {@link Engines#maxThreads()}
 */
public record DataConfig(String data, int[] classes, int perClass, int valPerClass, double valFraction, long seed,
        int threads) {
    public static final String FASHION_MNIST = "fashion-mnist";
    /** Training images per class unless set: 0, all of them. */
    public static final int DEFAULT_PER_CLASS = 0;
    /** Validation images per class unless set: 0, which holds out {@link #DEFAULT_VAL_FRACTION} instead. */
    public static final int DEFAULT_VAL_PER_CLASS = 0;
    /** Share of each class held out for validation when the data has no validation part of its own. */
    public static final double DEFAULT_VAL_FRACTION = 0.2;
    /** Fashion-MNIST's validation images per class, taken from its training split, unless set. */
    public static final int DEFAULT_FASHION_MNIST_VAL_PER_CLASS = 100;

    public DataConfig {
        Checks.require(data != null && !data.isBlank(), "data", "a folder or " + FASHION_MNIST, "'" + data + "'");
        if (classes != null) {
            classes = checkClasses(classes.clone());
        }
        Checks.atLeast("perClass", perClass, 0);
        Checks.atLeast("valPerClass", valPerClass, 0);
        Checks.range("valFraction", valFraction, 0, true, 1, true);
        Engines.checkThreads("threads", threads, false);
    }

    /** Fashion-MNIST class ids: each in [0, 9], none twice, at least one. */
    private static int[] checkClasses(int[] ids) {
        int last = FashionMnist.LABELS.size() - 1;
        Checks.require(ids.length > 0, "classes", "at least one id in [0, " + last + "]", "none");
        boolean[] seen = new boolean[last + 1];
        for (int id : ids) {
            Checks.range("classes", id, 0, last);
            Checks.require(!seen[id], "classes", "distinct ids", java.util.Arrays.toString(ids));
            seen[id] = true;
        }
        return ids;
    }

    @Override
    public int[] classes() {
        return classes == null ? null : classes.clone();
    }

    @Override
    public String toString() {
        return "data=" + data + " classes=" + (classes == null ? "all" : java.util.Arrays.toString(classes))
                + " perClass=" + perClass + " valPerClass=" + valPerClass + " valFraction=" + valFraction
                + " seed=" + seed;
    }

    public boolean isFashionMnist() {
        return FASHION_MNIST.equalsIgnoreCase(data);
    }

    /** Parses class lists such as {@code 5-9} or {@code 0,2,4}. */
    public static int[] parseClasses(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (String part : s.split(",")) {
            String p = part.trim();
            int dash = p.indexOf('-');
            try {
                if (dash > 0) {
                    int a = Integer.parseInt(p.substring(0, dash).trim());
                    int b = Integer.parseInt(p.substring(dash + 1).trim());
                    int last = FashionMnist.LABELS.size() - 1;
                    Checks.range("classes", a, 0, last); // before expanding: 0-2000000000 would fill the heap
                    Checks.range("classes", b, a, last);
                    for (int i = a; i <= b; i++) {
                        out.add(i);
                    }
                } else {
                    out.add(Integer.parseInt(p));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad class list '" + s + "': use ids like 5-9 or 0,2,4");
            }
        }
        return checkClasses(out.stream().mapToInt(Integer::intValue).toArray());
    }
}
