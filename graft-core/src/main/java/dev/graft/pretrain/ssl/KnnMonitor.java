package dev.graft.pretrain.ssl;

/**
 * Weighted k-nearest-neighbour accuracy on frozen features, the monitor of Wu et al. (CVPR 2018)
 * that SSL papers report: features are L2-normalised, each query's {@code k} most cosine-similar
 * bank images vote for their class with weight {@code exp(similarity / t)}, and the class with the
 * most weight wins (ties go to the lower class index).
 */
public final class KnnMonitor {
    /** Neighbours that vote. */
    public static final int DEFAULT_K = 20;
    /** Vote temperature. */
    public static final double DEFAULT_T = 0.07;

    private KnnMonitor() {}

    /** Share of {@code queries} whose predicted class equals their label. */
    public static double accuracy(Features bank, Features queries, int k, double t) {
        float[][] b = normalised(bank.x());
        float[][] q = normalised(queries.x());
        int kk = Math.min(k, b.length);
        int correct = 0;
        for (int i = 0; i < q.length; i++) {
            double[] sim = new double[b.length];
            for (int j = 0; j < b.length; j++) {
                double s = 0;
                for (int d = 0; d < q[i].length; d++) {
                    s += q[i][d] * b[j][d];
                }
                sim[j] = s;
            }
            double[] votes = new double[Math.max(bank.classes(), queries.classes())];
            boolean[] used = new boolean[b.length];
            for (int n = 0; n < kk; n++) {
                int best = -1;
                for (int j = 0; j < b.length; j++) {
                    if (!used[j] && (best < 0 || sim[j] > sim[best])) {
                        best = j;
                    }
                }
                used[best] = true;
                votes[bank.labels()[best]] += Math.exp(sim[best] / t);
            }
            int pred = 0;
            for (int c = 1; c < votes.length; c++) {
                if (votes[c] > votes[pred]) {
                    pred = c;
                }
            }
            if (pred == queries.labels()[i]) {
                correct++;
            }
        }
        return q.length == 0 ? Double.NaN : (double) correct / q.length;
    }

    static float[][] normalised(float[][] x) {
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            double n = 0;
            for (float v : x[i]) {
                n += v * v;
            }
            float inv = (float) (1 / Math.max(1e-12, Math.sqrt(n)));
            out[i] = new float[x[i].length];
            for (int d = 0; d < x[i].length; d++) {
                out[i][d] = x[i][d] * inv;
            }
        }
        return out;
    }
}
