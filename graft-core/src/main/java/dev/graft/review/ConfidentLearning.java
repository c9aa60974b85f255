package dev.graft.review;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Label-issue candidates by confident learning (Northcutt, Jiang and Chuang, 2021), from
 * out-of-sample probabilities. Each class j gets a threshold t_j, the mean probability of class j
 * over the images labeled j (its mean self-confidence). An image labeled i is a candidate when its
 * probability of i is below t_i and another class s is confidently likely, p_s ≥ t_s (s being the
 * most probable other class): the image falls off the diagonal of the confident joint.
 */
public final class ConfidentLearning {
    private ConfidentLearning() {}

    /**
     * One candidate.
     *
     * @param row the image's row in the probabilities
     * @param given its label
     * @param suggested the most probable other class
     * @param score 1 − the out-of-sample probability of the given label: higher, more likely wrong
     */
    public record Issue(int row, int given, int suggested, double score) {}

    /**
     * @param thresholds per class, the mean self-confidence t_j (NaN for a class with no images)
     * @param issues candidates, most likely wrong first
     */
    public record Result(double[] thresholds, List<Issue> issues) {}

    /** Per class, the mean probability of that class over the images given it. */
    public static double[] thresholds(float[][] probabilities, int[] given, int classes) {
        double[] sum = new double[classes];
        int[] n = new int[classes];
        for (int i = 0; i < given.length; i++) {
            sum[given[i]] += probabilities[i][given[i]];
            n[given[i]]++;
        }
        double[] t = new double[classes];
        for (int c = 0; c < classes; c++) {
            t[c] = n[c] == 0 ? Double.NaN : sum[c] / n[c];
        }
        return t;
    }

    public static Result find(float[][] probabilities, int[] given, int classes) {
        double[] t = thresholds(probabilities, given, classes);
        List<Issue> issues = new ArrayList<>();
        for (int i = 0; i < given.length; i++) {
            float[] p = probabilities[i];
            int g = given[i];
            int s = -1;
            for (int c = 0; c < classes; c++) {
                if (c != g && (s < 0 || p[c] > p[s])) {
                    s = c;
                }
            }
            if (s >= 0 && p[g] < t[g] && p[s] >= t[s]) {
                issues.add(new Issue(i, g, s, 1 - p[g]));
            }
        }
        issues.sort(Comparator.comparingDouble(Issue::score).reversed().thenComparingInt(Issue::row));
        return new Result(t, issues);
    }
}
