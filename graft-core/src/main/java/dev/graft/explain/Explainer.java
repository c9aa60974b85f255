package dev.graft.explain;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.data.ImageSource;
import dev.graft.data.Preprocess;
import dev.graft.data.Transforms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Grad-CAM over many images, in batches: for reports that explain a handful of chosen images. */
public final class Explainer {
    /** Images per forward and backward pass. */
    public static final int BATCH = 16;

    private Explainer() {}

    /**
     * Explains preprocessed images.
     *
     * @param inputs network inputs, each {@code 3 × size × size}, normalised
     * @param targets the class to explain per image, or null for the predicted one
     */
    public static List<Explanation> explain(GradCam cam, List<float[]> inputs, int size, int[] targets,
            NDManager parent) {
        List<Explanation> out = new ArrayList<>();
        for (int from = 0; from < inputs.size(); from += BATCH) {
            int n = Math.min(BATCH, inputs.size() - from);
            float[] x = new float[n * 3 * size * size];
            int[] t = targets == null ? null : new int[n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(inputs.get(from + i), 0, x, i * 3 * size * size, 3 * size * size);
                if (t != null) {
                    t[i] = targets[from + i];
                }
            }
            try (NDManager sm = parent.newSubManager()) {
                out.addAll(cam.explain(sm.create(x, new Shape(n, 3, size, size)), t));
            }
        }
        return out;
    }

    /** The network inputs of images of a data set, as evaluation preprocesses them. */
    public static List<float[]> inputs(ImageSource images, int[] indices, Preprocess p) {
        List<float[]> out = new ArrayList<>();
        for (int i : indices) {
            try {
                out.add(Transforms.eval(images.image(i), p));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + images.describe(i), e);
            }
        }
        return out;
    }
}
