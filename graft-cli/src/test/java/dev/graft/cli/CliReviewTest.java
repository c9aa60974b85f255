package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.graft.testing.NoisyFashionFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code graft review} against noise made on purpose: a folder of real Fashion-MNIST images
 * (classes 0-4, from the test split, which the bundled backbone never saw) with 10% of the labels
 * flipped. The run is a linear probe on the bundled backbone, trained on the noisy labels.
 */
class CliReviewTest {
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
