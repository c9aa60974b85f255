package dev.graft.export;

import static dev.graft.testing.AllClose.PARITY_RTOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.graft.data.Preprocess;
import dev.graft.engine.Engines;
import dev.graft.model.ArchInfo;
import dev.graft.model.Architectures;
import dev.graft.model.Network;
import dev.graft.model.WeightLoader;
import dev.graft.testing.AllClose;
import dev.graft.testing.Fixtures;
import dev.graft.weights.HostTensor;
import dev.graft.weights.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every family exports, and the file proves itself: on the parity fixtures' synthetic weights,
 * the export check (ONNX Runtime against Graft, on images at the fixture's input size) passes, and
 * ONNX Runtime on the fixture's own input gives torchvision's logits. One architecture per family
 * (VGG excepted, see {@link #DEFAULT}) runs by default; every other registered architecture runs
 * with {@code -Pslow}.
 */
class FamilyExportTest {
    /**
     * One per family, at the fixture's small input size. VGG is the exception: its 102M-parameter
     * classifier makes every VGG file over 500 MB and its check about 30 s, so all eight VGGs run
     * in the slow tier.
     */
    static final Set<String> DEFAULT = Set.of("resnet18_small", "googlenet", "inception_v3",
            "mobilenet_v2", "mobilenet_v3_small", "efficientnet_b0", "convnext_tiny", "vit_ti_16");

    @TempDir
    Path tmp;

    static Stream<String> onePerFamily() {
        return Architectures.all().stream().map(ArchInfo::name).filter(DEFAULT::contains);
    }

    static Stream<String> theRest() {
        return Architectures.all().stream().map(ArchInfo::name).filter(n -> !DEFAULT.contains(n));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("onePerFamily")
    void exportsAndMatchesOnnxRuntimeAndTorchvision(String arch) {
        check(arch);
    }

    @Tag("slow")
    @ParameterizedTest(name = "{0}")
    @MethodSource("theRest")
    void everyOtherArchitectureToo(String arch) {
        check(arch);
    }

    private void check(String arch) {
        StateDict fx = Fixtures.parity(arch);
        int classes = Integer.parseInt(fx.metadata().get("num_classes"));
        HostTensor input = fx.get("input");
        int size = (int) input.shape()[2];
        Network net = Architectures.get(arch).create(classes);
        Path file = tmp.resolve(arch + ".onnx");
        Engines.start(1);
        try (NDManager m = Engines.newManager()) {
            net.materialize(m, 1);
            WeightLoader.load(net, Fixtures.syntheticWeights(fx), "synthetic", true);
            long t0 = System.nanoTime();
            ExportResult r = OnnxExport.builder().setNetwork(net, new Preprocess(size, size, Preprocess.IMAGENET_MEAN,
                    Preprocess.IMAGENET_STD)).setOutput(file).optCheckCount(3).build().run();
            double seconds = (System.nanoTime() - t0) / 1e9;
            double err = r.maxRelativeError().get("logits");
            assertTrue(err <= OnnxExport.DEFAULT_TOLERANCE, arch + ": " + err);
            assertEquals(3, r.checkedImages());
            assertTrue(Files.isRegularFile(file));
            try (OrtRunner ort = new OrtRunner(file, 1)) {
                float[] logits = ort.runFloat("input", input.data(), input.shape(), List.of("logits")).get("logits");
                double vsTorch = AllClose.relativeError(logits, fx.get("logits").data());
                System.out.printf(Locale.ROOT, "export %-20s check vs Graft %.2e  ONNX Runtime vs torchvision %.2e  "
                        + "%.0f MB  %.1f s%n", arch, err, vsTorch, r.bytes() / 1e6, seconds);
                AllClose.assertAllClose(logits, fx.get("logits").data(), PARITY_RTOL, 0, arch + " vs torchvision");
            }
        }
    }
}
