package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import ai.djl.ndarray.types.Shape;
import dev.graft.data.ImageDecoder;
import dev.graft.data.Transforms;
import dev.graft.eval.Outputs;
import dev.graft.job.LoadedRun;
import dev.graft.job.PredictJob;
import dev.graft.nn.Ctx;
import dev.graft.testing.NoisyFashionFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How far to trust a run, from the command line: {@code graft review} against noise made on
 * purpose, and the calibration that train stores and predict, evaluate and ood apply. The data is a
 * folder of real Fashion-MNIST images (classes 0-4, from the test split, which the bundled backbone
 * never saw) with 10% of the labels flipped; the run is a linear probe on the bundled backbone,
 * trained on the noisy labels.
 */
class CliTrustTest {
    static final double NOISE = 0.10;

    @TempDir
    static Path tmp;
    static Path data;
    static Path run;
    static Set<Path> flipped;

    @BeforeAll
    static void trainOnNoisyLabels() throws Exception {
        data = tmp.resolve("fmnist");
        flipped = NoisyFashionFolder.write(data.resolve("train"), "t10k", new int[] {0, 1, 2, 3, 4}, 150, NOISE, 7);
        run = tmp.resolve("run");
        CliHarness.Result r = CliHarness.run("train", "--data", data.toString(), "--model", "resnet18_small",
                "--weights", "resnet18_small.fmnist_src", "--strategy", "linear-probe", "--epochs", "15",
                "--seed", "1", "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        trainOutput = r.out();
    }

    static String trainOutput;

    @Test
    void trainFitsTheTemperatureOnTheValidationImagesAndStoresIt() throws Exception {
        JsonObject info = new Gson().fromJson(Files.readString(run.resolve("graft.json")), JsonObject.class);
        JsonObject cal = info.getAsJsonObject("calibration");
        assertEquals(info.getAsJsonObject("data").get("valImages").getAsInt(), cal.get("images").getAsInt());
        double t = cal.get("temperature").getAsDouble();
        assertTrue(t > 0.05 && t < 20 && t != 1, "T = " + t);
        assertTrue(cal.get("nll").getAsDouble() <= cal.get("nllBefore").getAsDouble(), cal.toString());
        JsonObject rej = cal.getAsJsonObject("rejection");
        assertEquals(0.95, rej.get("acceptRate").getAsDouble());
        assertEquals(101, rej.getAsJsonArray("curve").size());
        assertTrue(trainOutput.contains("calibration    T = ") && trainOutput.contains("--reject-below auto"),
                trainOutput);
    }

    @Test
    void predictAppliesTheTemperatureAndRejects() throws Exception {
        Path img = Files.list(data.resolve("train").resolve("Trouser")).sorted().findFirst().orElseThrow();
        try (LoadedRun lr = LoadedRun.open(run, 1)) {
            double t = lr.info().calibration().temperature();
            float[] x = Transforms.eval(ImageDecoder.decode(img), lr.info().preprocess());
            int s = lr.info().preprocess().size();
            float[] logits = lr.net().forward(lr.manager().create(x, new Shape(1, 3, s, s)), Ctx.EVAL).toFloatArray();
            float[] expected = Outputs.softmax(logits, t);
            PredictJob.Prediction p = PredictJob.run(lr, List.of(img), 5).get(0);
            for (dev.graft.eval.Scored sc : p.top()) {
                assertEquals(expected[lr.info().labels().indexOf(sc.label())], sc.probability(), 1e-6,
                        "predict gives softmax(logits / T)");
            }
            assertTrue(Math.abs(Outputs.softmax(logits, 1)[0] - expected[0]) > 1e-4, "T changes the numbers");
        }
        CliHarness.Result r = CliHarness.run("predict", "--run", run.toString(), "--reject-below", "1", img.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("unknown", r.out().split("\t")[1], r.out());
        r = CliHarness.run("predict", "--run", run.toString(), "--reject-below", "auto", "--json", img.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("rejecting below"), r.err());
        JsonArray o = new Gson().fromJson(r.out(), JsonArray.class).get(0).getAsJsonArray();
        assertEquals(img.toString(), o.get(0).getAsString(), "[file, top, error, answer]");
        assertTrue(o.get(1).isJsonArray() && o.get(2).isJsonNull(), o.toString());
        String answer = o.get(3).getAsString();
        assertTrue(answer.equals("unknown") || answer.equals(o.get(1).getAsJsonArray().get(0).getAsJsonObject()
                .get("label").getAsString()), o.toString());
        r = CliHarness.run("predict", "--run", run.toString(), "--reject-below", "2", img.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--reject-below takes a probability in [0, 1] or auto"), r.err());
    }

    @Test
    void evaluateShowsCalibrationAndOverlaysAsJson() throws Exception {
        Path png = tmp.resolve("eval/confusion.png");
        CliHarness.Result r = CliHarness.run("evaluate", "--run", run.toString(), "--data",
                data.resolve("train").toString(), "--png", png.toString(), "--overlays", "4", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject e = new Gson().fromJson(r.out(), JsonObject.class);
        double t = e.get("temperature").getAsDouble();
        assertTrue(t != 1, "the run's T is applied");
        double ece = e.get("ece").getAsDouble();
        double before = e.get("eceBefore").getAsDouble();
        assertTrue(ece >= 0 && before >= 0 && ece != before, ece + " vs " + before);
        JsonObject cal = e.getAsJsonObject("calibration");
        assertEquals(ece, cal.getAsJsonObject("after").get("ece").getAsDouble());
        assertEquals(15, cal.getAsJsonObject("before").getAsJsonArray("bins").size());
        // the evaluation's loss is the NLL at the run's temperature
        assertEquals(cal.get("nll").getAsDouble(), e.getAsJsonObject("evaluation").get("loss").getAsDouble(), 1e-6);
        assertTrue(Files.size(tmp.resolve("eval/reliability.png")) > 1000);
        JsonArray overlays = e.getAsJsonArray("overlays");
        assertEquals(4, overlays.size());
        for (JsonElement ov : overlays) {
            assertTrue(Files.isRegularFile(Path.of(ov.getAsJsonObject().get("overlay").getAsString())));
            ShapesTask.heatMap(ov.getAsJsonObject().getAsJsonArray("heatmap"));
        }
    }

    @Test
    void oodScoresSeparateGeneratedImagesFromGarments() {
        CliHarness.Result r = CliHarness.run("ood", "--run", run.toString(), "--data",
                data.resolve("train").toString(), "--ood", "noise,shapes", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject o = new Gson().fromJson(r.out(), JsonObject.class);
        assertEquals(750, o.get("images").getAsInt());
        for (JsonElement s : o.getAsJsonArray("sets")) {
            JsonObject set = s.getAsJsonObject();
            assertEquals(1000, set.get("images").getAsInt());
            double auroc = set.get("aurocMsp").getAsDouble();
            assertTrue(auroc >= 0 && auroc <= 1, set.toString());
        }
        r = CliHarness.run("ood", "--run", run.toString(), "--data", data.resolve("train").toString(), "--ood",
                "stars");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--ood stars: not fashion-mnist:IDS, noise, shapes or a folder"), r.err());
    }

    @Test
    void flagsTheFlippedLabelsWithPrecisionAndRecallOfAtLeastPointSix() throws Exception {
        Path out = tmp.resolve("review");
        CliHarness.Result r = CliHarness.run("review", "--run", run.toString(), "--data", data.toString(), "--out",
                out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject review = new Gson().fromJson(r.out(), JsonObject.class);
        assertEquals(750, review.get("images").getAsInt());
        assertEquals("base", review.get("features").getAsString());
        Set<Path> flagged = new HashSet<>();
        for (JsonElement e : review.getAsJsonArray("labelIssues")) {
            JsonObject o = e.getAsJsonObject();
            Path file = Path.of(o.get("file").getAsString());
            assertTrue(file.startsWith(data) && Files.isRegularFile(file), "a path under --data: " + file);
            assertEquals(NoisyFashionFolder.folder(o.get("given").getAsString()),
                    file.getParent().getFileName().toString(), "given = the folder it sits in");
            assertFalse(o.get("given").getAsString().equals(o.get("suggested").getAsString()));
            assertTrue(o.get("score").getAsDouble() > 0 && o.get("score").getAsDouble() <= 1);
            flagged.add(file);
        }
        double[] pr = NoisyFashionFolder.precisionRecall(flagged, flipped);
        System.out.printf("label noise %.0f%%: %d flipped, %d flagged, precision %.3f, recall %.3f%n", 100 * NOISE,
                flipped.size(), flagged.size(), pr[0], pr[1]);
        assertTrue(pr[0] >= 0.6, "precision " + pr[0]);
        assertTrue(pr[1] >= 0.6, "recall " + pr[1]);

        JsonArray pairs = review.getAsJsonArray("confusedPairs");
        assertFalse(pairs.isEmpty());
        JsonArray losses = review.getAsJsonArray("topLosses");
        assertEquals(12, losses.size());
        JsonObject worst = losses.get(0).getAsJsonObject();
        assertTrue(worst.get("loss").getAsDouble() >= losses.get(11).getAsJsonObject().get("loss").getAsDouble());
        assertTrue(Files.isRegularFile(out.resolve(worst.get("overlay").getAsString())));
        assertEquals(new Gson().fromJson(Files.readString(out.resolve("review.json")), JsonObject.class), review);

        String html = Files.readString(out.resolve("review.html"));
        assertTrue(html.contains("Labels that look wrong") && html.contains("Most confused class pairs"));
        int images = html.split("<img ").length - 1;
        assertEquals(images, html.split("src=\"data:image/png;base64,").length - 1, "every image inlined");
        assertTrue(images >= 12 + Math.min(24, flagged.size()), images + " images");
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("src=\"/"));
    }

    @Test
    void aReviewNeverReplacesAFolderGraftDidNotWrite() throws Exception {
        Path theirs = Files.createDirectories(tmp.resolve("theirs"));
        Files.writeString(theirs.resolve("review.html"), "my own notes");
        CliHarness.Result r = CliHarness.run("review", "--run", run.toString(), "--data", data.toString(), "--out",
                theirs.toString(), "--force");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("not a Graft review folder"), r.err());
        assertEquals("my own notes", Files.readString(theirs.resolve("review.html")));
        try (var s = Files.list(theirs)) {
            assertEquals(1, s.count(), "nothing written beside it");
        }
        r = CliHarness.run("review", "--run", run.toString(), "--data", data.toString(), "--out",
                data.resolve("train").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("is the same folder as --data") || r.err().contains("lies inside --data"),
                r.err());
    }

    @Test
    void badOptionsAreOneLineErrors() {
        CliHarness.Result r = CliHarness.run("review", "--run", run.toString(), "--data", data.toString(), "--out",
                tmp.resolve("x").toString(), "--folds-by", "magic");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--folds-by takes probe or fine-tune"), r.err());
        r = CliHarness.run("review", "--run", run.toString(), "--data", tmp.resolve("missing").toString(), "--out",
                tmp.resolve("x").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no such folder"), r.err());
    }
}
