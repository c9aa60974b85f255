package dev.graft.spark;

import dev.graft.model.HeadSpec;
import dev.graft.weights.HostTensor;
import dev.graft.weights.StateDict;
import java.io.Serializable;

/**
 * A trained {@link dev.graft.model.ClassifierHead}'s weights, applied in plain Java: scoring a
 * feature vector costs one or two small matrix products, so executors need no native engine.
 * Dropout is off, as in inference.
 */
final class HeadWeights implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int in;
    private final int hidden;
    private final int classes;
    private final float[] w1;
    private final float[] b1;
    private final float[] w;
    private final float[] b;

    private HeadWeights(int in, int hidden, int classes, float[] w1, float[] b1, float[] w, float[] b) {
        this.in = in;
        this.hidden = hidden;
        this.classes = classes;
        this.w1 = w1;
        this.b1 = b1;
        this.w = w;
        this.b = b;
    }

    /** A head from the state dict of a {@code ClassifierHead} of the given shape. */
    static HeadWeights of(StateDict sd, HeadSpec spec) {
        if (spec.hidden() == 0) {
            HostTensor wt = need(sd, "weight");
            return new HeadWeights((int) wt.shape()[1], 0, (int) wt.shape()[0], null, null, wt.data(),
                    need(sd, "bias").data());
        }
        HostTensor w0 = need(sd, "0.weight");
        HostTensor w2 = need(sd, "2.weight");
        return new HeadWeights((int) w0.shape()[1], (int) w0.shape()[0], (int) w2.shape()[0], w0.data(),
                need(sd, "0.bias").data(), w2.data(), need(sd, "2.bias").data());
    }

    /** A linear head from a multinomial model's [classes, in] coefficients and intercepts. */
    static HeadWeights linear(int classes, int in, float[] weight, float[] bias) {
        return new HeadWeights(in, 0, classes, null, null, weight, bias);
    }

    /** The weights under {@code ClassifierHead}'s names. */
    StateDict stateDict() {
        StateDict sd = new StateDict();
        if (hidden == 0) {
            sd.put("weight", new HostTensor(new long[] {classes, in}, w));
            sd.put("bias", new HostTensor(new long[] {classes}, b));
        } else {
            sd.put("0.weight", new HostTensor(new long[] {hidden, in}, w1));
            sd.put("0.bias", new HostTensor(new long[] {hidden}, b1));
            sd.put("2.weight", new HostTensor(new long[] {classes, hidden}, w));
            sd.put("2.bias", new HostTensor(new long[] {classes}, b));
        }
        return sd;
    }

    int inputDim() {
        return in;
    }

    int classes() {
        return classes;
    }

    /** Softmax of the head's output for one feature vector. */
    double[] probabilities(double[] x) {
        if (x.length != in) {
            throw new IllegalArgumentException("feature vector has " + x.length + " values but the head was trained "
                    + "on " + in + "; featurize with the same backbone the classifier was fitted on");
        }
        double[] h = x;
        if (hidden > 0) {
            h = affine(w1, b1, x, hidden);
            for (int i = 0; i < hidden; i++) {
                h[i] = Math.max(0, h[i]);
            }
        }
        double[] z = affine(w, b, h, classes);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < classes; c++) {
            z[c] /= sum;
        }
        return z;
    }

    private static double[] affine(float[] weight, float[] bias, double[] x, int rows) {
        double[] out = new double[rows];
        int cols = x.length;
        for (int r = 0; r < rows; r++) {
            double s = bias[r];
            for (int j = 0, o = r * cols; j < cols; j++) {
                s += weight[o + j] * x[j];
            }
            out[r] = s;
        }
        return out;
    }

    private static HostTensor need(StateDict sd, String name) {
        HostTensor t = sd.get(name);
        if (t == null) {
            throw new IllegalArgumentException("head weights lack '" + name + "'; the saved classifier is damaged");
        }
        return t;
    }
}
