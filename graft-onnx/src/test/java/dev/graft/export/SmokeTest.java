package dev.graft.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.graft.engine.Engines;
import dev.graft.export.onnx.OnnxGraph;
import dev.graft.export.onnx.OnnxModel;
import dev.graft.export.trace.Tracer;
import dev.graft.model.Architectures;
import dev.graft.model.Network;
import dev.graft.model.WeightLoader;
import dev.graft.nn.Ctx;
import dev.graft.testing.AllClose;
import dev.graft.testing.Fixtures;
import dev.graft.weights.HostTensor;
import dev.graft.weights.StateDict;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmokeTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"resnet18_small", "mobilenet_v3_small", "efficientnet_b0", "googlenet", "inception_v3",
            "vgg11_bn", "convnext_tiny", "vit_ti_16", "mobilenet_v2", "resnet50"})
    void family(String arch) {
        Engines.start(1);
        StateDict fx = Fixtures.parity(arch);
        int classes = Integer.parseInt(fx.metadata().get("num_classes"));
        Network net = Architectures.get(arch).create(classes);
        HostTensor in = fx.get("input");
        int size = (int) in.shape()[2];
        try (NDManager m = Engines.newManager()) {
            net.materialize(m, 1);
            WeightLoader.load(net, Fixtures.syntheticWeights(fx), "synthetic", true);
            long t0 = System.nanoTime();
            OnnxGraph g = new OnnxGraph(arch, 17);
            g.input("input", DataType.FLOAT, "N", 3L, (long) size, (long) size);
            String y = Tracer.trace(net, g, "input", size, size, m);
            g.identity(y, "logits");
            g.output("logits", DataType.FLOAT, "N", (long) classes);
            Path f = tmp.resolve(arch + ".onnx");
            OnnxModel.write(OnnxModel.build(g, "test", "", Map.of()), f);
            long t1 = System.nanoTime();
            NDArray x = m.create(in.data(), new Shape(in.shape()));
            float[] graft = net.forward(x, Ctx.EVAL).toFloatArray();
            try (OrtRunner r = new OrtRunner(f, 1)) {
                float[] ort = r.runFloat("input", in.data(), in.shape(), List.of("logits")).get("logits");
                long t2 = System.nanoTime();
                System.out.printf("%s trace+write %.1fs ort %.1fs  vs graft %.2e vs torch %.2e  size %d MB%n", arch,
                        (t1 - t0) / 1e9, (t2 - t1) / 1e9, AllClose.relativeError(ort, graft),
                        AllClose.relativeError(ort, fx.get("logits").data()), f.toFile().length() >> 20);
                AllClose.assertAllClose(ort, graft, 1e-4, 0, arch);
            }
        }
    }
}
