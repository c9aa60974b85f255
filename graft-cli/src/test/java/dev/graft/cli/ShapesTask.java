package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.graft.data.Augment;
import dev.graft.data.DataConfig;
import dev.graft.data.Preprocess;
import dev.graft.explain.HeatMap;
import dev.graft.job.TrainJob;
import dev.graft.job.TrainRequest;
import dev.graft.job.TrainSummary;
import dev.graft.model.HeadSpec;
import dev.graft.recipe.Strategy;
import dev.graft.testing.ShapesFolder;
import dev.graft.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Grad-CAM task whose answer is known ({@link ShapesFolder}), trained and explained: a
 * {@code resnet18_small} from scratch on images of {@code size} pixels, centre-cropped to 7/8 of
 * that (ImageNet's convention), then {@code graft explain --json} on every test image with a shape.
 */
final class ShapesTask {
    /** The share of a heat map that must lie in the shape's half. */
    static final double MASS = 0.8;

    private ShapesTask() {}

    /**
     * The outcome for one trained network.
     *
     * @param localised images with at least {@link #MASS} of the map in the shape's half
     * @param images images with a shape
     * @param meanMass the mean share in the shape's half
     * @param grid the heat maps' side
     * @param testAccuracy accuracy on the test images, "none" included
     */
    record Outcome(int localised, int images, double meanMass, int grid, double testAccuracy) {
        double rate() {
            return (double) localised / images;
        }
    }

    /**
     * Writes the data (train, val, test per class) into {@code dir/data}, trains into {@code dir/run}
     * and explains into {@code dir/overlays}.
     */
    static Outcome run(Path dir, int size, int trainPerClass, int epochs, long seed) throws Exception {
        Path data = dir.resolve("data");
        ShapesFolder.write(data.resolve("train"), trainPerClass, 10 * seed + 1, size);
        ShapesFolder.write(data.resolve("val"), Math.max(10, trainPerClass / 4), 10 * seed + 2, size);
        ShapesFolder.write(data.resolve("test"), 30, 10 * seed + 3, size);
        int crop = size * 7 / 8;
        TrainConfig cfg = TrainConfig.builder().epochs(epochs).batchSize(16).lr(3e-3f).labelSmoothing(0f).seed(seed)
                .build();
        // from scratch: a backbone pretrained on garments brings nothing to noise and shapes
        TrainRequest r = new TrainRequest(new DataConfig(data.toString(), null, 0, 0, 0.2, seed, 1), "resnet18_small",
                null, Strategy.parse("scratch"), cfg, HeadSpec.LINEAR, Augment.NONE, 0, 0.1f, dir.resolve("run"),
                false, false, 1, new Preprocess(crop, size, Preprocess.FMNIST_MEAN, Preprocess.FMNIST_STD));
        TrainSummary s = TrainJob.run(r, List.of());
        List<String> args = new ArrayList<>(List.of("explain", "--run", dir.resolve("run").toString(), "--out",
                dir.resolve("overlays").toString(), "--json"));
        try (Stream<Path> files = Files.walk(data.resolve("test"))) {
            files.filter(p -> p.toString().endsWith(".png") && ShapesFolder.hasShape(p)).sorted()
                    .forEach(p -> args.add(p.toString()));
        }
        CliHarness.Result res = CliHarness.run(args.toArray(new String[0]));
        assertEquals(0, res.code(), res.err());
        JsonArray items = new Gson().fromJson(res.out(), JsonArray.class);
        assertEquals(args.size() - 6, items.size());
        int localised = 0;
        double sum = 0;
        int grid = 0;
        for (JsonElement e : items) {
            JsonObject o = e.getAsJsonObject();
            Path file = Path.of(o.get("file").getAsString());
            HeatMap map = heatMap(o.getAsJsonArray("heatmap"));
            grid = map.cols();
            double mass = ShapesFolder.isLeft(file) ? map.massInColumns(0, 0.5) : map.massInColumns(0.5, 1);
            localised += mass >= MASS ? 1 : 0;
            sum += mass;
        }
        return new Outcome(localised, items.size(), sum / items.size(), grid, s.test().accuracy());
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
