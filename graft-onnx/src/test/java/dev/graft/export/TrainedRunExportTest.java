package dev.graft.export;

import dev.graft.cli.InProcessCli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.graft.data.ImageDecoder;
import dev.graft.data.Preprocess;
import dev.graft.data.RawImage;
import dev.graft.data.Transforms;
import dev.graft.run.RunDir;
import dev.graft.run.RunInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real run, trained here from the bundled backbone on Fashion-MNIST images, exported from the
 * command line with and without preprocessing in the graph: on every image of a held-out set
 * (PNG, JPEG, and enlarged RGB JPEG files) both models give {@code graft predict}'s top label and
 * its probabilities.
 */
class TrainedRunExportTest {
    static final double PROBABILITY_TOLERANCE = 1e-4;

    @TempDir
    static Path tmp;
    static Path run;
    static List<Path> held;

    @BeforeAll
    static void trainARun() throws Exception {
        Path data = tmp.resolve("data");
        held = FashionFolder.write(data, tmp.resolve("held"), 10, 4, 3);
        run = tmp.resolve("run");
        InProcessCli.Result r = InProcessCli.run("train", "--data", data.toString(), "--model", "resnet18_small", "--weights",
                "resnet18_small.fmnist_src", "--strategy", "fine-tune", "--head-epochs", "1", "--epochs", "1",
                "--batch-size", "10", "--threads", "1", "--out", run.toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void bothExportsAgreeWithGraftPredictOnEveryHeldOutImage() throws Exception {
        Path plain = tmp.resolve("plain.onnx");
        Path pixels = tmp.resolve("pixels.onnx");
        InProcessCli.Result e1 = InProcessCli.run("export", "--run", run.toString(), "--format", "onnx", "--out", plain.toString(),
                "--threads", "1");
        assertEquals(0, e1.code(), e1.err());
        assertTrue(e1.out().contains("logits         max relative error"), e1.out());
        InProcessCli.Result e2 = InProcessCli.run("export", "--run", run.toString(), "--out", pixels.toString(), "--with-preprocessing",
                "--threads", "1");
        assertEquals(0, e2.code(), e2.err());
        assertTrue(e2.out().contains("probabilities  max relative error"), e2.out());

        List<String> args = new java.util.ArrayList<>(List.of("predict", "--run", run.toString(), "--top", "5",
                "--json", "--threads", "1"));
        held.forEach(f -> args.add(f.toString()));
        InProcessCli.Result p = InProcessCli.run(args.toArray(String[]::new));
        assertEquals(0, p.code(), p.err());
        JsonArray predictions = new Gson().fromJson(p.out(), JsonArray.class);
        assertEquals(held.size(), predictions.size());

        RunInfo info = new RunDir(run).readInfo();
        Preprocess pre = info.preprocess();
        List<String> labels = info.labels();
        int s = pre.size();
        float temperature = (float) info.calibrationOrNone().temperature();
        int agreed = 0;
        try (OrtRunner a = new OrtRunner(plain, 1); OrtRunner b = new OrtRunner(pixels, 1)) {
            assertEquals(new Gson().toJson(labels), b.metadata().get("graft.labels"));
            JsonObject meta = new Gson().fromJson(a.metadata().get("graft.preprocess"), JsonObject.class);
            assertEquals(s, meta.get("size").getAsInt());
            for (int i = 0; i < held.size(); i++) {
                JsonArray pred = predictions.get(i).getAsJsonArray();
                assertEquals(held.get(i).toString(), pred.get(0).getAsString());
                RawImage img = ImageDecoder.decode(held.get(i));
                float[] logits = a.runFloat("input", Transforms.eval(img, pre), new long[] {1, 3, s, s},
                        List.of("logits")).get("logits");
                float[] scaled = logits.clone();
                for (int j = 0; j < scaled.length; j++) {
                    scaled[j] /= temperature; // predict gives the run's calibrated probabilities, softmax(logits / T)
                }
                float[] viaPlain = softmax(scaled);
                Map<String, float[]> out = b.runUint8("pixels", new CheckImage(img, "").rgb(),
                        new long[] {1, img.height(), img.width(), 3}, List.of("probabilities"));
                float[] viaPixels = out.get("probabilities");
                String what = held.get(i).getFileName() + " (" + held.get(i).getParent().getFileName() + ")";
                for (float[] probs : List.of(viaPlain, viaPixels)) {
                    JsonArray top = pred.get(1).getAsJsonArray();
                    assertEquals(top.get(0).getAsJsonObject().get("label").getAsString(), labels.get(argmax(probs)),
                            what + ": top-1 label");
                    for (JsonElement t : top) {
                        JsonObject o = t.getAsJsonObject();
                        double want = o.get("probability").getAsDouble();
                        double got = probs[labels.indexOf(o.get("label").getAsString())];
                        assertEquals(want, got, PROBABILITY_TOLERANCE, what + ": probability of " + o.get("label"));
                    }
                }
                agreed++;
            }
        }
        assertEquals(held.size(), agreed);
        System.out.println("both exports agree with graft predict on all " + agreed + " held-out files");
    }

    @Test
    void aTemperatureInGraftJsonScalesTheProbabilities() throws Exception {
        Path calibrated = tmp.resolve("calibrated");
        Files.createDirectories(calibrated);
        try (var files = Files.list(run)) {
            for (Path f : files.toList()) {
                Files.copy(f, calibrated.resolve(f.getFileName()));
            }
        }
        Path info = calibrated.resolve("graft.json");
        JsonObject json = new Gson().fromJson(Files.readString(info), JsonObject.class);
        JsonObject calibration = new JsonObject();
        calibration.addProperty("temperature", 2.5); // as graft train stores it (RunInfo.calibration)
        json.add("calibration", calibration);
        Files.writeString(info, new Gson().toJson(json));
        Path file = tmp.resolve("calibrated.onnx");
        ExportResult r = OnnxExport.builder().setRun(calibrated).setOutput(file).optWithPreprocessing(true)
                .optCheckCount(4).build().run();
        assertEquals("2.5", r.metadata().get("graft.temperature"));
        RawImage img = ImageDecoder.decode(held.get(0));
        try (OrtRunner ort = new OrtRunner(file, 1)) {
            Map<String, float[]> out = ort.runUint8("pixels", new CheckImage(img, "").rgb(),
                    new long[] {1, img.height(), img.width(), 3}, List.of("logits", "probabilities"));
            float[] logits = out.get("logits");
            float[] scaled = new float[logits.length];
            for (int i = 0; i < logits.length; i++) {
                scaled[i] = logits[i] / 2.5f;
            }
            float[] want = softmax(scaled);
            float[] unscaled = softmax(logits);
            double gap = 0;
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], out.get("probabilities")[i], 1e-6, "softmax(logits / 2.5)");
                gap = Math.max(gap, Math.abs(unscaled[i] - want[i]));
            }
            assertTrue(gap > 1e-3, "the temperature changes the probabilities (by " + gap + ")");
        }
    }

    static float[] softmax(float[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i] - max);
            sum += e[i];
        }
        float[] out = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = (float) (e[i] / sum);
        }
        return out;
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
