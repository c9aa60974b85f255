package dev.graft.pretrain.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * SimCLR's NT-Xent loss (normalised temperature-scaled cross-entropy). Rows {@code i} and
 * {@code i + n} of the {@code [2n, d]} projections are two views of one image: each row must pick
 * its partner out of the other {@code 2n - 1} rows by cosine similarity divided by the temperature.
 * The loss is the mean of those {@code 2n} cross-entropies.
 */
public final class NtXent {
    private NtXent() {}

    /** The loss of projections {@code z} [2n, d] at temperature {@code tau}; differentiable. */
    public static NDArray loss(NDArray z, float tau) {
        long rows = z.getShape().get(0);
        if (rows % 2 != 0 || rows < 2) {
            throw new IllegalArgumentException("NT-Xent needs two views of each image (an even row count), got " + rows);
        }
        int n = (int) (rows / 2);
        NDManager m = z.getManager();
        NDArray norm = z.norm(new int[] {1}, true).clip(1e-8f, 1e8f);
        NDArray u = z.div(norm);
        NDArray sim = u.matMul(u.transpose()).div(tau);
        // a row never chooses itself: push its own similarity far below any other
        NDArray eye = m.eye(2 * n).toType(DataType.FLOAT32, false);
        NDArray logp = sim.sub(eye.mul(1e9f)).logSoftmax(1);
        float[] target = new float[4 * n * n];
        for (int i = 0; i < n; i++) {
            target[i * 2 * n + i + n] = 1;
            target[(i + n) * 2 * n + i] = 1;
        }
        NDArray t = m.create(target, new ai.djl.ndarray.types.Shape(2 * n, 2 * n));
        return logp.mul(t).sum().neg().div(2 * n);
    }
}
