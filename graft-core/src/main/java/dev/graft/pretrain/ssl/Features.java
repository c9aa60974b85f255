package dev.graft.pretrain.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.data.Augment;
import dev.graft.data.BatchLoader;
import dev.graft.data.ImageSource;
import dev.graft.data.Preprocess;
import dev.graft.model.Network;
import dev.graft.nn.Ctx;
import java.util.Iterator;

/**
 * Frozen features of a labeled set, on the heap.
 *
 * @param x one row of {@code dim} values per image
 * @param labels class index per image
 * @param classes number of classes
 */
public record Features(float[][] x, int[] labels, int classes) {

    /** The backbone's features (the input of its final Linear) for every image, in inference mode. */
    public static Features of(Network net, ImageSource src, Preprocess pre, NDManager parent, int threads) {
        float[][] x = new float[src.size()][];
        int[] labels = new int[src.size()];
        int k = 0;
        try (BatchLoader loader = new BatchLoader(src, pre, Augment.NONE, 128, threads)) {
            Iterator<BatchLoader.Batch> it = loader.sequential();
            while (it.hasNext()) {
                BatchLoader.Batch b = it.next();
                if (b.n() == 0) {
                    continue;
                }
                try (NDManager m = parent.newSubManager()) {
                    NDArray f = net.features(m.create(b.x(), new Shape(b.n(), 3, b.size(), b.size())), Ctx.EVAL);
                    int dim = (int) f.getShape().get(1);
                    float[] flat = f.toFloatArray();
                    for (int i = 0; i < b.n(); i++) {
                        x[k] = java.util.Arrays.copyOfRange(flat, i * dim, (i + 1) * dim);
                        labels[k++] = b.labels()[i];
                    }
                }
            }
        }
        if (k < x.length) {
            x = java.util.Arrays.copyOf(x, k);
            labels = java.util.Arrays.copyOf(labels, k);
        }
        return new Features(x, labels, src.labels().size());
    }

    public int size() {
        return labels.length;
    }

    public int dim() {
        return x.length == 0 ? 0 : x[0].length;
    }
}
