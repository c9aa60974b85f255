package dev.graft.spark;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.data.ImageDecoder;
import dev.graft.data.Preprocess;
import dev.graft.data.Transforms;
import dev.graft.engine.Engines;
import dev.graft.model.Architectures;
import dev.graft.model.Network;
import dev.graft.model.WeightLoader;
import dev.graft.nn.Ctx;
import dev.graft.testing.Fixtures;
import dev.graft.weights.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The plain single-JVM library path the Spark stages must agree with. */
public final class Plain {
    private Plain() {}

    /** Writes the network's synthetic weights (a deterministic stand-in for pretrained ones). */
    public static Path syntheticWeights(String arch, Path file) {
        Fixtures.writeSyntheticWeights(arch, 1, file);
        return file;
    }

    /** Features of each file, one image per forward pass, keyed by the file's absolute path. */
    static Map<String, float[]> features(String arch, Path weights, Preprocess p, List<Path> files)
            throws IOException {
        Engines.start(1);
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDManager m = Engines.newManager()) {
            Network net = Architectures.get(arch).create(1);
            net.materialize(m, 0);
            WeightLoader.load(net, Safetensors.read(weights), weights.toString(), false);
            for (Path f : files) {
                float[] x = Transforms.eval(ImageDecoder.decode(f), p);
                try (NDManager sm = m.newSubManager()) {
                    out.put(f.toAbsolutePath().toString(),
                            net.features(sm.create(x, new Shape(1, 3, p.size(), p.size())), Ctx.EVAL).toFloatArray());
                }
            }
        }
        return out;
    }
}
