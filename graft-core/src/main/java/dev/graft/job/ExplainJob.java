package dev.graft.job;

import dev.graft.calibration.Calibration;
import dev.graft.data.ImageDecoder;
import dev.graft.data.Preprocess;
import dev.graft.data.Transforms;
import dev.graft.explain.Explainer;
import dev.graft.explain.Explanation;
import dev.graft.explain.GradCam;
import dev.graft.explain.Overlay;
import dev.graft.check.Checks;
import dev.graft.io.AtomicFiles;
import dev.graft.run.FolderKind;
import dev.graft.run.OutputFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code graft explain}: for each image, the predicted label with its calibrated probability and
 * a Grad-CAM heat map, written as an overlay PNG.
 */
public final class ExplainJob {
    /** The folder's marker: every item, as {@code --json} prints them, under a {@code format} field. */
    public static final String JSON = "explain.json";
    /** The most images one call explains (overlays are numbered {@code 0001.png} up to this). */
    public static final int MAX_IMAGES = 9999;

    /**
     * What {@code graft explain} writes into its folder: what {@code --force} may replace. Overlays
     * are numbered in the order the images were given, so Graft can tell its own files from others.
     */
    public static final FolderKind KIND = new FolderKind("Grad-CAM", List.of(JSON),
            IntStream.rangeClosed(0, MAX_IMAGES).mapToObj(i -> i == 0 ? JSON : overlayName(i))
                    .collect(Collectors.toSet()), Set.of(), Map.of());

    private ExplainJob() {}

    /** {@code 0007.png}: the seventh image's overlay. */
    static String overlayName(int index) {
        return String.format(Locale.ROOT, "%04d.png", index);
    }

    /**
     * One image's explanation.
     *
     * @param file the image as given
     * @param label the predicted label (or the asked one)
     * @param probability its calibrated probability (null when the image could not be read)
     * @param heatmap rows of columns at the layer's resolution, summing to 1
     * @param overlay the PNG written
     * @param layer the layer Grad-CAM read
     * @param error why the image could not be read (then the rest is empty), or null
     */
    public record Item(String file, String label, Double probability, double[][] heatmap, String overlay,
            String layer, String error) {}

    /**
     * Explains each image and writes its overlay into {@code out}, which is prepared as
     * {@link OutputFolder} says: the run, the layer and the label are checked first, the images
     * may not lie in {@code out}, and an existing explain folder is replaced only with {@code force}.
     * An image that cannot be read gets an item with its error and no overlay.
     *
     * @param layer the module to read (a dotted path such as {@code layer4}), or null for the default
     * @param label the class to explain, or null for each image's predicted class
     */
    public static List<Item> run(LoadedRun run, List<Path> files, Path out, boolean force, String layer,
            String label) {
        OutputFolder.checkOut(out);
        Checks.range("images", files.size(), 1, MAX_IMAGES);
        Preprocess p = run.info().preprocess();
        List<String> labels = run.info().labels();
        int target = -1;
        if (label != null) {
            target = labels.indexOf(label);
            if (target < 0) {
                throw new IllegalArgumentException("`label` '" + label + "' is not one of the run's classes " + labels);
            }
        }
        GradCam cam = layer == null ? GradCam.of(run.net(), p.size()) : GradCam.at(run.net(), layer);
        Calibration calibration = run.info().calibrationOrNone();
        Map<String, Path> inputs = new LinkedHashMap<>();
        if (run.dir() != null) {
            inputs.put("`run`", run.dir().dir());
        }
        for (int i = 0; i < files.size(); i++) {
            inputs.put("image " + files.get(i), files.get(i));
        }
        OutputFolder folder = OutputFolder.prepare(out, force, KIND, inputs);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            float[] x;
            try {
                x = Transforms.eval(ImageDecoder.decode(f), p);
            } catch (IOException | RuntimeException e) {
                items.add(new Item(f.toString(), null, null, null, null, cam.layer(), e.getMessage()));
                continue;
            }
            Explanation e = Explainer.explain(cam, List.of(x), p.size(), new int[] {target}, run.manager()).get(0);
            float prob = calibration.probabilities(e.logits())[e.target()];
            String name = labels.get(e.target());
            String png = overlayName(i + 1);
            byte[] bytes = Overlay.png(Overlay.render(x, p, e.heatMap(), String.format(Locale.ROOT, "%s  %.1f%%",
                    name, 100 * prob)));
            AtomicFiles.write(folder.dir().resolve(png), o -> o.write(bytes));
            items.add(new Item(f.toString(), name, (double) prob, e.heatMap().grid(),
                    folder.out().resolve(png).toString(), cam.layer(), null));
        }
        AtomicFiles.writeString(folder.dir().resolve(JSON), GSON.toJson(new Written(1, items)));
        folder.commit();
        return items;
    }

    /** {@code explain.json}. */
    private record Written(int format, List<Item> items) {}

    private static final com.google.gson.Gson GSON = new com.google.gson.GsonBuilder().setPrettyPrinting()
            .serializeNulls().create();
}
