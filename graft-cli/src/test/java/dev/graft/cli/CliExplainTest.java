package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.graft.explain.HeatMap;
import dev.graft.testing.ShapesFolder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code graft explain} on a task whose answer is known ({@link ShapesFolder}): the class is decided
 * by a small bright shape that sits in the left or the right half of a noisy image. A model that
 * learned the task can only find its evidence at the shape, so Grad-CAM's mass must lie in the
 * shape's half.
 */
class CliExplainTest {
    /** The share of the heat map that must lie in the shape's half, on {@link #IMAGES_SHARE} of the images. */
    static final double MASS = 0.8;
    static final double IMAGES_SHARE = 0.9;

    @TempDir
    static Path tmp;
    static Path run;
    static List<Path> testImages = new ArrayList<>();

    @BeforeAll
    static void train() throws Exception {
        Path data = tmp.resolve("shapes");
        ShapesFolder.write(data.resolve("train"), 60, 1);
        ShapesFolder.write(data.resolve("val"), 15, 2);
        ShapesFolder.write(data.resolve("test"), 30, 3);
        try (Stream<Path> s = Files.walk(data.resolve("test"))) {
            s.filter(p -> p.toString().endsWith(".png") && ShapesFolder.hasShape(p)).sorted()
                    .forEach(testImages::add);
        }
        run = tmp.resolve("run");
        // from scratch: a backbone pretrained on garments brings features that are no help here
        CliHarness.Result r = CliHarness.run("train", "--data", data.toString(), "--model", "resnet18_small",
                "--strategy", "scratch", "--epochs", "12", "--batch-size", "16", "--lr", "3e-3",
                "--label-smoothing", "0", "--seed", "1", "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("test accuracy  1.0000"), "the task must be learned first: " + r.out());
    }

    @Test
    void heatMapsLieInTheHalfThatHoldsTheShape() throws Exception {
        Path out = tmp.resolve("overlays");
        List<String> args = new ArrayList<>(List.of("explain", "--run", run.toString(), "--out", out.toString(),
                "--json"));
        testImages.forEach(p -> args.add(p.toString()));
        CliHarness.Result r = CliHarness.run(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        JsonArray items = new Gson().fromJson(r.out(), JsonArray.class);
        assertEquals(testImages.size(), items.size());
        int localised = 0;
        double worst = 1;
        for (JsonElement e : items) {
            JsonObject o = e.getAsJsonObject();
            Path file = Path.of(o.get("file").getAsString());
            assertEquals(file.getParent().getFileName().toString(), o.get("label").getAsString(), "predicted right");
            double p = o.get("probability").getAsDouble();
            assertTrue(p > 0 && p <= 1, "probability " + p);
            HeatMap map = heatMap(o.getAsJsonArray("heatmap"));
            assertEquals(4, map.rows(), "resnet18_small's layer4 is 4x4 on its 28-pixel crop");
            assertEquals(4, map.cols());
            double mass = ShapesFolder.isLeft(file) ? map.massInColumns(0, 0.5) : map.massInColumns(0.5, 1);
            worst = Math.min(worst, mass);
            localised += mass >= MASS ? 1 : 0;
            BufferedImage png = ImageIO.read(Path.of(o.get("overlay").getAsString()).toFile());
            assertTrue(png.getWidth() >= 224, "overlay enlarged for viewing");
        }
        double share = (double) localised / items.size();
        System.out.printf("Grad-CAM localisation: %d of %d test images (%.1f%%) have >= %.0f%% of the heat map in "
                + "the shape's half; lowest mass %.3f%n", localised, items.size(), 100 * share, 100 * MASS, worst);
        assertTrue(share >= IMAGES_SHARE, "only " + localised + " of " + items.size()
                + " heat maps put 80% of their mass in the shape's half");
    }

    @Test
    void aBadLayerOrLabelIsAOneLineError() {
        CliHarness.Result r = CliHarness.run("explain", "--run", run.toString(), "--out", tmp.resolve("x").toString(),
                "--layer", "layer9", testImages.get(0).toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no module 'layer9'"), r.err());
        r = CliHarness.run("explain", "--run", run.toString(), "--out", tmp.resolve("x").toString(), "--label",
                "circle", testImages.get(0).toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--label 'circle' is not one of the run's classes"), r.err());
    }

    /** The JSON grid back as a heat map, checking it is rows of equal length summing to 1. */
    static HeatMap heatMap(JsonArray rows) {
        int cols = rows.get(0).getAsJsonArray().size();
        float[] v = new float[rows.size() * cols];
        double sum = 0;
        for (int r = 0; r < rows.size(); r++) {
            JsonArray row = rows.get(r).getAsJsonArray();
            assertEquals(cols, row.size(), "rows of equal length");
            for (int c = 0; c < cols; c++) {
                v[r * cols + c] = row.get(c).getAsFloat();
                assertTrue(v[r * cols + c] >= 0 && Float.isFinite(v[r * cols + c]));
                sum += v[r * cols + c];
            }
        }
        assertEquals(1.0, sum, 1e-4, "a heat map sums to 1");
        return new HeatMap(rows.size(), cols, v);
    }
}
