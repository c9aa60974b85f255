package dev.graft.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.graft.data.Preprocess;
import dev.graft.data.RawImage;
import dev.graft.data.Transforms;
import dev.graft.export.onnx.OnnxGraph;
import dev.graft.export.onnx.OnnxModel;
import dev.graft.export.onnx.PixelPreprocessing;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-graph preprocessing computes what {@code Transforms.eval} computes, on every path of the
 * resize: box pre-average (shrinking 4x or more), plain bilinear shrink, enlargement, non-square,
 * a grey image given as three equal channels, and the ImageNet convention (resize > size).
 */
class PixelPreprocessingTest {
    @TempDir
    Path tmp;

    @Test
    void theGraphsPreprocessingEqualsGraftsOnEveryResizePath() {
        for (Preprocess p : List.of(Preprocess.fashionMnist(), Preprocess.imagenet(32))) {
            Path f = tmp.resolve("pre" + p.size() + ".onnx");
            OnnxGraph g = new OnnxGraph("pre", OnnxModel.MIN_OPSET);
            g.input("pixels", DataType.UINT8, "N", "H", "W", 3L);
            g.identity(PixelPreprocessing.add(g, "pixels", p), "input");
            g.output("input", DataType.FLOAT, "N", 3L, (long) p.size(), (long) p.size());
            OnnxModel.write(OnnxModel.build(g, "test", "", Map.of()), f);
            List<CheckImage> images = new java.util.ArrayList<>(CheckImages.resizePaths(p, 3));
            images.addAll(CheckImages.synthetic(1, 7 * p.resize() + 2, 9 * p.resize() + 5, 4)); // factor 3, odd area
            images.add(grey(p.resize() * 2 + 1, p.resize() + 3));
            try (OrtRunner ort = new OrtRunner(f, 1)) {
                for (CheckImage img : images) {
                    RawImage raw = img.image();
                    float[] got = ort.runUint8("pixels", img.rgb(), new long[] {1, raw.height(), raw.width(), 3},
                            List.of("input")).get("input");
                    float[] want = Transforms.eval(raw, p);
                    assertEquals(want.length, got.length);
                    int differing = 0;
                    double worst = 0;
                    for (int i = 0; i < want.length; i++) {
                        worst = Math.max(worst, Math.abs(got[i] - want[i]));
                        differing += got[i] != want[i] ? 1 : 0;
                    }
                    System.out.printf("%s size %d: %d of %d values differ, max |diff| %.2e%n", img.description(),
                            p.size(), differing, want.length, worst);
                    // the same float64 arithmetic in the same order: bit for bit the same floats
                    assertEquals(0, differing, img.description() + ": max |diff| " + worst);
                }
            }
        }
    }

    private static CheckImage grey(int w, int h) {
        byte[] px = new byte[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) ((i * 37 + i / w * 11) & 0xff);
        }
        return new CheckImage(new RawImage(w, h, 1, px), "grey image " + w + "x" + h);
    }
}
