package dev.graft.data;

/**
 * Which data to train on and how to split it.
 *
 * @param data a folder in ImageFolder layout, a CSV file of {@code path,label} rows, or {@code fashion-mnist}
 * @param classes for Fashion-MNIST, the class ids to use, relabelled 0..k-1 in this order (null = all ten)
 * @param perClass training images per class (0 = all)
 * @param valPerClass validation images per class, for Fashion-MNIST and when set for folders
 * @param valFraction share of each class held out for validation when a folder has no {@code val/}
 * @param seed drives every selection and split
 * @param threads image-decoding threads
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
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
