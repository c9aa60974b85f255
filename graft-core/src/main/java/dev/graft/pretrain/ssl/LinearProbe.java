package dev.graft.pretrain.ssl;

/**
 * A linear classifier on frozen features: multinomial logistic regression on standardised
 * features, full-batch gradient descent with a little L2. The standardisation is folded into the
 * returned weights, so {@code weight · x + bias} applies to raw features, and a pretrained model can
 * carry the probe as its head.
 *
 * @param weight [classes][dim] on raw features
 * @param bias [classes]
 */
public record LinearProbe(float[][] weight, float[] bias) {
    private static final int STEPS = 300;
    private static final double LR = 0.5;
    private static final double L2 = 1e-3;

    /** Fits a probe on {@code train}. */
    public static LinearProbe fit(Features train) {
        int n = train.size();
        int d = train.dim();
        int c = train.classes();
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (float[] row : train.x()) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        for (float[] row : train.x()) {
            for (int j = 0; j < d; j++) {
                sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
        }
        for (int j = 0; j < d; j++) {
            sd[j] = Math.sqrt(sd[j] / n) + 1e-6;
        }
        double[][] z = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                z[i][j] = (train.x()[i][j] - mean[j]) / sd[j];
            }
        }
        double[][] w = new double[c][d];
        double[] b = new double[c];
        double[] p = new double[c];
        for (int step = 0; step < STEPS; step++) {
            double[][] gw = new double[c][d];
            double[] gb = new double[c];
            for (int i = 0; i < n; i++) {
                softmax(w, b, z[i], p);
                p[train.labels()[i]] -= 1;
                for (int k = 0; k < c; k++) {
                    gb[k] += p[k];
                    for (int j = 0; j < d; j++) {
                        gw[k][j] += p[k] * z[i][j];
                    }
                }
            }
            for (int k = 0; k < c; k++) {
                b[k] -= LR * gb[k] / n;
                for (int j = 0; j < d; j++) {
                    w[k][j] -= LR * (gw[k][j] / n + L2 * w[k][j]);
                }
            }
        }
        float[][] wr = new float[c][d];
        float[] br = new float[c];
        for (int k = 0; k < c; k++) {
            double shift = b[k];
            for (int j = 0; j < d; j++) {
                wr[k][j] = (float) (w[k][j] / sd[j]);
                shift -= w[k][j] * mean[j] / sd[j];
            }
            br[k] = (float) shift;
        }
        return new LinearProbe(wr, br);
    }

    /** The class with the highest score for each row of {@code f}. */
    public int predict(float[] x) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < weight.length; k++) {
            double s = bias[k];
            for (int j = 0; j < x.length; j++) {
                s += weight[k][j] * x[j];
            }
            if (s > bestScore) {
                bestScore = s;
                best = k;
            }
        }
        return best;
    }

    /** Share of {@code test} classified right. */
    public double accuracy(Features test) {
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            if (predict(test.x()[i]) == test.labels()[i]) {
                correct++;
            }
        }
        return test.size() == 0 ? Double.NaN : (double) correct / test.size();
    }

    private static void softmax(double[][] w, double[] b, double[] x, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < w.length; k++) {
            double s = b[k];
            for (int j = 0; j < x.length; j++) {
                s += w[k][j] * x[j];
            }
            out[k] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int k = 0; k < w.length; k++) {
            out[k] = Math.exp(out[k] - max);
            sum += out[k];
        }
        for (int k = 0; k < w.length; k++) {
            out[k] /= sum;
        }
    }
}
