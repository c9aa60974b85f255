package dev.graft.explain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.graft.model.Network;
import dev.graft.nn.Capture;
import dev.graft.nn.Ctx;
import dev.graft.nn.Module;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which layer Grad-CAM reads by default, found from the architecture's own {@link Network#stages}
 * rather than written down per family: going down from the top of the last stage, the first
 * module whose output is a spatial map (a C×H×W feature map larger than 1×1, or a square grid of
 * tokens) and whose grid the class score depends on. For a ResNet that is {@code layer4}; for a
 * ViT it is the input of the last encoder layer, because after it only the class token reaches
 * the head. When every map is 1×1 (a tiny input) the top 1×1 map is taken.
 */
public final class CamLayers {
    private CamLayers() {}

    /** The default layer for inputs of {@code inputSize}×{@code inputSize}. */
    public static String defaultLayer(Network net, int inputSize) {
        List<String> candidates = candidates(net);
        NDManager parent = net.namedParams().values().iterator().next().array().getManager();
        try (NDManager sm = parent.newSubManager()) {
            NDArray x = sm.randomNormal(new Shape(1, 3, inputSize, inputSize));
            Map<String, Shape> shapes = shapes(net, candidates, x);
            List<String> spatial = new ArrayList<>();
            List<String> single = new ArrayList<>();
            shapes.forEach((path, s) -> {
                int cells = cells(s);
                if (cells > 1) {
                    spatial.add(path);
                } else if (cells == 1) {
                    single.add(path);
                }
            });
            for (String path : spatial) {
                if (reachesGrid(net, path, x)) {
                    return path;
                }
            }
            if (!single.isEmpty()) {
                return single.get(0);
            }
        }
        throw new IllegalArgumentException(net.arch() + ": no layer of its stages gives a spatial map that the "
                + "class score depends on; choose one with `layer`");
    }

    /** Module paths of every stage, top stage first and, within a stage, last prefix first. */
    static List<String> candidates(Network net) {
        List<String> out = new ArrayList<>();
        List<Network.Stage> stages = net.stages();
        for (int s = stages.size() - 1; s >= 0; s--) {
            List<String> prefixes = stages.get(s).prefixes();
            for (int i = prefixes.size() - 1; i >= 0; i--) {
                String p = prefixes.get(i);
                if (isModule(net, p) && !out.contains(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static boolean isModule(Network net, String path) {
        try {
            net.find(path);
            return true;
        } catch (IllegalArgumentException e) {
            return false; // a parameter such as ViT's class_token, or a part Graft does not run itself
        }
    }

    /** Output shapes of the candidates that ran through {@link Module#call}, in candidate order. */
    private static Map<String, Shape> shapes(Network net, List<String> candidates, NDArray x) {
        Map<String, Capture> caps = new LinkedHashMap<>();
        try {
            for (String p : candidates) {
                caps.put(p, Capture.output(net.find(p)));
            }
            net.forward(x, Ctx.EVAL);
            Map<String, Shape> out = new LinkedHashMap<>();
            caps.forEach((p, c) -> {
                if (c.fired()) {
                    out.put(p, c.output().getShape());
                }
            });
            return out;
        } finally {
            caps.values().forEach(Capture::close);
        }
    }

    /** Grid cells of a layer output, or 0 when it is not spatial. */
    static int cells(Shape s) {
        try {
            int[] g = GradCam.grid(s);
            return g[0] * g[1];
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    /** Whether the class score has a non-zero gradient anywhere on the layer's grid. */
    private static boolean reachesGrid(Network net, String path, NDArray x) {
        List<dev.graft.nn.Param> switched = GradCam.detachParameters(net);
        try (Capture cap = Capture.withGradient(net.find(path));
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(net.forward(x, Ctx.EVAL).max());
            return GradCam.spatial(cap.gradient()).abs().max().getFloat() > 0;
        } finally {
            GradCam.restore(switched);
        }
    }
}
