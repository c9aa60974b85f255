package dev.graft.review;

/**
 * Multinomial logistic regression on fixed features: a linear probe, as a {@link CrossFit.FoldModel}.
 * Features are standardised with the training rows' mean and spread; the loss is the mean
 * cross-entropy plus {@code l2 / 2 · |W|²}, minimised by full-batch Adam for a fixed number of
 * steps. The problem is convex, so the result depends on the data, not on luck; the same rows give
 * the same probabilities.
 */
public final class SoftmaxProbe implements CrossFit.FoldModel {
    /** Default L2 strength on the standardised features. */
    public static final double L2 = 1e-2;
    /** Default full-batch steps. */
    public static final int STEPS = 300;

    private final float[] x;
    private final int dim;
    private final int[] labels;
    private final int classes;
    private final double l2;
    private final int steps;

    /**
     * @param x features, row-major, {@code labels.length × dim}
     * @param labels the given class of each row
     */
    public SoftmaxProbe(float[] x, int dim, int[] labels, int classes, double l2, int steps) {
        if (x.length != (long) labels.length * dim) {
            throw new IllegalArgumentException("expected " + labels.length + " rows of " + dim + " features, got "
                    + x.length + " values");
        }
        this.x = x;
        this.dim = dim;
        this.labels = labels;
        this.classes = classes;
        this.l2 = l2;
        this.steps = steps;
    }

    public SoftmaxProbe(float[] x, int dim, int[] labels, int classes) {
        this(x, dim, labels, classes, L2, STEPS);
    }

    @Override
    public float[][] fitPredict(int fold, int[] train, int[] heldOut) {
        double[] mean = new double[dim];
        double[] scale = new double[dim];
        standardisation(train, mean, scale);
        double[] w = new double[classes * (dim + 1)]; // per class: dim weights, then the bias
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        double[] grad = new double[w.length];
        double[] row = new double[dim];
        double[] p = new double[classes];
        double lr = 0.05;
        for (int step = 1; step <= steps; step++) {
            java.util.Arrays.fill(grad, 0);
            for (int r : train) {
                features(r, mean, scale, row);
                softmax(w, row, p);
                for (int c = 0; c < classes; c++) {
                    double g = (p[c] - (labels[r] == c ? 1 : 0)) / train.length;
                    int base = c * (dim + 1);
                    for (int d = 0; d < dim; d++) {
                        grad[base + d] += g * row[d];
                    }
                    grad[base + dim] += g;
                }
            }
            for (int c = 0; c < classes; c++) {
                for (int d = 0; d < dim; d++) {
                    grad[c * (dim + 1) + d] += l2 * w[c * (dim + 1) + d];
                }
            }
            double b1 = 1 - Math.pow(0.9, step);
            double b2 = 1 - Math.pow(0.999, step);
            for (int i = 0; i < w.length; i++) {
                m[i] = 0.9 * m[i] + 0.1 * grad[i];
                v[i] = 0.999 * v[i] + 0.001 * grad[i] * grad[i];
                w[i] -= lr * (m[i] / b1) / (Math.sqrt(v[i] / b2) + 1e-8);
            }
        }
        float[][] out = new float[heldOut.length][classes];
        for (int i = 0; i < heldOut.length; i++) {
            features(heldOut[i], mean, scale, row);
            softmax(w, row, p);
            for (int c = 0; c < classes; c++) {
                out[i][c] = (float) p[c];
            }
        }
        return out;
    }

    private void standardisation(int[] rows, double[] mean, double[] scale) {
        for (int r : rows) {
            for (int d = 0; d < dim; d++) {
                mean[d] += x[r * dim + d];
            }
        }
        for (int d = 0; d < dim; d++) {
            mean[d] /= Math.max(1, rows.length);
        }
        for (int r : rows) {
            for (int d = 0; d < dim; d++) {
                double e = x[r * dim + d] - mean[d];
                scale[d] += e * e;
            }
        }
        for (int d = 0; d < dim; d++) {
            double sd = Math.sqrt(scale[d] / Math.max(1, rows.length));
            scale[d] = sd > 1e-6 ? 1 / sd : 0; // a constant feature carries nothing
        }
    }

    private void features(int r, double[] mean, double[] scale, double[] out) {
        for (int d = 0; d < dim; d++) {
            out[d] = (x[r * dim + d] - mean[d]) * scale[d];
        }
    }

    private void softmax(double[] w, double[] row, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            int base = c * (dim + 1);
            double z = w[base + dim];
            for (int d = 0; d < dim; d++) {
                z += w[base + d] * row[d];
            }
            p[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            p[c] = Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < classes; c++) {
            p[c] /= sum;
        }
    }
}
