package dev.graft.explain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.graft.eval.Outputs;
import dev.graft.model.Network;
import dev.graft.nn.Capture;
import dev.graft.nn.Ctx;
import dev.graft.nn.Param;
import java.util.ArrayList;
import java.util.List;

/**
 * Grad-CAM (Selvaraju et al., 2017): the activations A of a layer, weighted per channel by the
 * mean gradient of the class score over the layer's positions, summed over channels and passed
 * through ReLU: the places whose features raise the score. On a ViT the layer's output is a token
 * sequence; the class token is dropped and the patch tokens form the grid (Grad-CAM on the token
 * grid), with the token width as channels.
 *
 * <p>The network runs in inference mode. Its parameters are kept out of the backward pass, so an
 * explanation leaves no gradient behind on them; one explanation at a time per network.
 */
public final class GradCam {
    private final Network net;
    private final String layer;

    private GradCam(Network net, String layer) {
        this.net = net;
        this.layer = layer;
    }

    /** Grad-CAM at the module at {@code layer}, a dotted path such as {@code layer4}. */
    public static GradCam at(Network net, String layer) {
        net.find(layer); // fails with the path in the message when there is no such module
        return new GradCam(net, layer);
    }

    /** Grad-CAM at {@link CamLayers#defaultLayer}: the top of the last stage that has a spatial map. */
    public static GradCam of(Network net, int inputSize) {
        return new GradCam(net, CamLayers.defaultLayer(net, inputSize));
    }

    public String layer() {
        return layer;
    }

    /**
     * Explains a batch.
     *
     * @param x normalised images, NCHW
     * @param targets the class to explain per image, or null (or -1 entries) for the predicted class
     */
    public List<Explanation> explain(NDArray x, int[] targets) {
        List<Param> switched = detachParameters(net);
        try (NDManager sm = x.getManager().newSubManager();
                Capture cap = Capture.withGradient(net.find(layer));
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray in = x.duplicate();
            in.attach(sm);
            NDArray logits = net.forward(in, Ctx.EVAL);
            int n = (int) logits.getShape().get(0);
            int classes = (int) logits.getShape().get(1);
            float[] z = logits.toFloatArray();
            int[] chosen = new int[n];
            float[] onehot = new float[n * classes];
            for (int i = 0; i < n; i++) {
                float[] zi = java.util.Arrays.copyOfRange(z, i * classes, (i + 1) * classes);
                chosen[i] = targets != null && targets[i] >= 0 ? targets[i] : Outputs.argmax(zi);
                if (chosen[i] >= classes) {
                    throw new IllegalArgumentException("class " + chosen[i] + " out of range: the network has "
                            + classes + " classes");
                }
                onehot[i * classes + chosen[i]] = 1f;
            }
            // images are independent in inference mode, so one backward of the summed scores gives each its own gradient
            gc.backward(logits.mul(sm.create(onehot, new Shape(n, classes))).sum());
            float[][] maps = maps(cap.output(), cap.gradient());
            int[] grid = grid(cap.output().getShape());
            List<Explanation> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                float[] zi = new float[classes];
                System.arraycopy(z, i * classes, zi, 0, classes);
                out.add(new Explanation(chosen[i], zi, HeatMap.normalise(grid[0], grid[1], maps[i]), layer));
            }
            return out;
        } finally {
            restore(switched);
        }
    }

    /**
     * Per image, ReLU(sum_c alpha_c A_c) over the grid, alpha the mean gradient per channel, less its
     * smallest value: the floor every position shares says nothing about where the evidence is
     * (pytorch-grad-cam's {@code scale_cam_image} subtracts it too, before scaling to [0, 1]).
     */
    private static float[][] maps(NDArray a, NDArray g) {
        NDArray acts = spatial(a);
        NDArray grads = spatial(g);
        // acts, grads: [N, C, P] with P grid positions
        NDArray alpha = grads.mean(new int[] {2}, true);
        NDArray cam = acts.mul(alpha).sum(new int[] {1}).maximum(0f);
        int n = (int) cam.getShape().get(0);
        int p = (int) cam.getShape().get(1);
        float[] flat = cam.toFloatArray();
        float[][] out = new float[n][p];
        for (int i = 0; i < n; i++) {
            float min = Float.POSITIVE_INFINITY;
            for (int j = 0; j < p; j++) {
                min = Math.min(min, flat[i * p + j]);
            }
            for (int j = 0; j < p; j++) {
                out[i][j] = flat[i * p + j] - min;
            }
        }
        return out;
    }

    /** A layer output as [N, C, positions]: a feature map flattened, or a ViT's patch tokens transposed. */
    static NDArray spatial(NDArray t) {
        Shape s = t.getShape();
        if (s.dimension() == 4) {
            return t.reshape(s.get(0), s.get(1), s.get(2) * s.get(3));
        }
        if (s.dimension() == 3) {
            long tokens = s.get(1);
            NDArray patches = isSquare(tokens - 1) ? t.get(new NDIndex(":, 1:, :")) : t;
            return patches.transpose(0, 2, 1);
        }
        throw new IllegalArgumentException("Grad-CAM needs a spatial layer output (N,C,H,W) or a token grid "
                + "(N,1+g*g,D), got shape " + s);
    }

    /** The grid a layer output maps onto, {rows, cols}. */
    static int[] grid(Shape s) {
        if (s.dimension() == 4) {
            return new int[] {(int) s.get(2), (int) s.get(3)};
        }
        if (s.dimension() == 3) {
            long tokens = isSquare(s.get(1) - 1) ? s.get(1) - 1 : s.get(1);
            if (!isSquare(tokens)) {
                throw new IllegalArgumentException(s.get(1) + " tokens do not form a square grid (with or without "
                        + "a class token)");
            }
            int side = (int) Math.round(Math.sqrt(tokens));
            return new int[] {side, side};
        }
        throw new IllegalArgumentException("not a spatial layer output: " + s);
    }

    static boolean isSquare(long v) {
        long r = Math.round(Math.sqrt(v));
        return v > 0 && r * r == v;
    }

    /** Stops the backward pass at the captured layer: parameters above it would otherwise collect gradients. */
    static List<Param> detachParameters(Network net) {
        List<Param> out = new ArrayList<>();
        for (Param p : net.namedParams().values()) {
            if (p.trainable() && p.materialised()) {
                p.array().setRequiresGradient(false);
                out.add(p);
            }
        }
        return out;
    }

    static void restore(List<Param> switched) {
        switched.forEach(p -> p.array().setRequiresGradient(p.trainable()));
    }
}
