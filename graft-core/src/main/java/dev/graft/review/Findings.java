package dev.graft.review;

import dev.graft.eval.Outputs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The confused pairs and the highest losses of a set of probabilities against given labels. */
public final class Findings {
    private Findings() {}

    /** Rows of {@code probabilities} by falling loss −log p(given): the first {@code n}. */
    public static int[] topLosses(float[][] probabilities, int[] given, int n) {
        Integer[] order = new Integer[given.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> probabilities[i][given[i]])
                .thenComparingInt(i -> i));
        int[] out = new int[Math.min(n, order.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /** The confusion matrix, {@code [given][most probable]}. */
    public static long[][] confusion(float[][] probabilities, int[] given, int classes) {
        long[][] m = new long[classes][classes];
        for (int i = 0; i < given.length; i++) {
            m[given[i]][Outputs.argmax(probabilities[i])]++;
        }
        return m;
    }

    /** The off-diagonal cells with at least one image, most frequent first (ties by share). */
    public static List<Review.Pair> confusedPairs(long[][] confusion, List<String> labels, int n) {
        List<Review.Pair> out = new ArrayList<>();
        for (int g = 0; g < confusion.length; g++) {
            long row = 0;
            for (long v : confusion[g]) {
                row += v;
            }
            for (int p = 0; p < confusion.length; p++) {
                if (p != g && confusion[g][p] > 0) {
                    out.add(new Review.Pair(labels.get(g), labels.get(p), confusion[g][p], (double) confusion[g][p] / row));
                }
            }
        }
        out.sort(Comparator.comparingLong(Review.Pair::count).reversed()
                .thenComparing(Comparator.comparingDouble(Review.Pair::share).reversed()));
        return out.subList(0, Math.min(n, out.size()));
    }
}
