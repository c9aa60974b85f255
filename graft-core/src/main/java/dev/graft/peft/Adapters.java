package dev.graft.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.model.Architectures;
import dev.graft.model.Network;
import dev.graft.nn.Ctx;
import dev.graft.nn.Layers;
import dev.graft.nn.Module;
import dev.graft.nn.Sequential;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inserts a {@link BottleneckAdapter} after every stage above the stem. Each stage must end in a
 * {@link Sequential} (ResNet's {@code layer1..layer4} do); the adapter is appended to it as one
 * more child ({@code layer1.2}), so every pretrained parameter keeps its name.
 */
public final class Adapters {
    private Adapters() {}

    /**
     * Appends adapters and initialises them.
     *
     * @param reduction each adapter squeezes C channels to {@code max(4, C / reduction)}
     * @return the adapters' paths, bottom to top
     */
    public static List<String> apply(Network net, int reduction, long seed) {
        List<String> stagePaths = new ArrayList<>();
        List<Network.Stage> stages = net.stages();
        for (Network.Stage s : stages.subList(1, stages.size())) {
            String path = s.prefixes().get(s.prefixes().size() - 1);
            Module m = net.find(path);
            if (!(m instanceof Sequential seq) || seq.size() == 0) {
                throw new IllegalArgumentException("`strategy` adapter needs stages that end in a Sequential, but "
                        + net.arch() + "'s stage '" + s.name() + "' ends in " + m.getClass().getSimpleName()
                        + "; use `strategy` lora or bitfit");
            }
            stagePaths.add(path);
        }
        Map<String, long[]> shapes = outputShapes(net, stagePaths);
        List<String> out = new ArrayList<>();
        for (String path : stagePaths) {
            long[] shape = shapes.get(path);
            if (shape == null || shape.length != 4) {
                throw new IllegalArgumentException("`strategy` adapter works on feature maps [N, C, H, W], but "
                        + net.arch() + "'s " + path + " outputs " + java.util.Arrays.toString(shape)
                        + "; use `strategy` lora");
            }
            int channels = (int) shape[1];
            Sequential seq = (Sequential) net.find(path);
            seq.add(new BottleneckAdapter(channels, Math.max(4, channels / reduction)));
            out.add(path + "." + (seq.size() - 1));
        }
        net.materialize(anyManager(net), seed);
        return out;
    }

    /** The paths of the adapters in a network. */
    public static List<String> paths(Module net) {
        List<String> out = new ArrayList<>();
        ModuleWalk.all(net).forEach((path, m) -> {
            if (m instanceof BottleneckAdapter) {
                out.add(path);
            }
        });
        return out;
    }

    /** Output shapes of the given Sequentials, from one inference pass on a blank image. */
    private static Map<String, long[]> outputShapes(Network net, List<String> paths) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, Module> originals = new LinkedHashMap<>();
        for (String path : paths) {
            Sequential seq = (Sequential) net.find(path);
            String last = path + "." + (seq.size() - 1);
            Module m = seq.get(seq.size() - 1);
            originals.put(last, m);
            net.replace(last, new Layers.Op("probe", (x, c) -> {
                NDArray y = m.forward(x, c);
                shapes.put(path, y.getShape().getShape());
                return y;
            }));
        }
        int size = inputSize(net);
        try (NDManager sm = anyManager(net).newSubManager()) {
            net.features(sm.zeros(new Shape(1, 3, size, size)), Ctx.EVAL);
        } finally {
            originals.forEach(net::replace);
        }
        return shapes;
    }

    private static int inputSize(Network net) {
        try {
            return Architectures.get(net.arch()).inputSize();
        } catch (IllegalArgumentException e) {
            return 224; // not registered: ImageNet's size fits every standard backbone
        }
    }

    static NDManager anyManager(Module net) {
        return net.namedParams().values().iterator().next().array().getManager();
    }
}
