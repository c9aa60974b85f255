package dev.graft.eval;

import java.util.List;

/**
 * A network's raw class scores over a data set: what calibration, rejection and label review
 * are computed from. Probabilities come from {@link #probabilities}, so one pass serves any
 * temperature.
 *
 * @param labels class names
 * @param logits per image, the class scores
 * @param mirrored per image, the class scores of its left-right mirror (test-time augmentation),
 *     or null
 * @param truth per image, its class index
 * @param indices per image, its index in the data set
 */
public record Outputs(List<String> labels, float[][] logits, float[][] mirrored, int[] truth, int[] indices) {

    public int size() {
        return logits.length;
    }

    /** Softmax of {@code logits / temperature}, averaged with the mirror's when there is one. */
    public float[][] probabilities(double temperature) {
        float[][] out = new float[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            out[i] = softmax(logits[i], temperature);
            if (mirrored != null) {
                float[] m = softmax(mirrored[i], temperature);
                for (int j = 0; j < m.length; j++) {
                    out[i][j] = (out[i][j] + m[j]) / 2;
                }
            }
        }
        return out;
    }

    /** Softmax of {@code z / temperature}, computed in double precision. */
    public static float[] softmax(float[] z, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v / temperature);
        }
        double sum = 0;
        double[] e = new double[z.length];
        for (int j = 0; j < z.length; j++) {
            e[j] = Math.exp(z[j] / temperature - max);
            sum += e[j];
        }
        float[] p = new float[z.length];
        for (int j = 0; j < z.length; j++) {
            p[j] = (float) (e[j] / sum);
        }
        return p;
    }

    /** The index of the largest value, the first one on ties. */
    public static int argmax(float[] p) {
        int best = 0;
        for (int j = 1; j < p.length; j++) {
            if (p[j] > p[best]) {
                best = j;
            }
        }
        return best;
    }

    /** The same outputs restricted to the images at {@code rows}. */
    public Outputs select(int[] rows) {
        float[][] l = new float[rows.length][];
        float[][] m = mirrored == null ? null : new float[rows.length][];
        int[] t = new int[rows.length];
        int[] idx = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            l[i] = logits[rows[i]];
            if (m != null) {
                m[i] = mirrored[rows[i]];
            }
            t[i] = truth[rows[i]];
            idx[i] = indices[rows[i]];
        }
        return new Outputs(labels, l, m, t, idx);
    }
}
