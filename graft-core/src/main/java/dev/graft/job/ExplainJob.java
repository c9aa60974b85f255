package dev.graft.job;

import dev.graft.calibration.Calibration;
import dev.graft.data.ImageDecoder;
import dev.graft.data.Preprocess;
import dev.graft.data.Transforms;
import dev.graft.explain.Explainer;
import dev.graft.explain.Explanation;
import dev.graft.explain.GradCam;
import dev.graft.explain.Overlay;
import dev.graft.weights.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code graft explain}: for each image, the predicted label with its calibrated probability and
 * a Grad-CAM heat map, written as an overlay PNG.
 */
public final class ExplainJob {
    private ExplainJob() {}

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
     * @param layer the module to read (a dotted path such as {@code layer4}), or null for the default
     * @param label the class to explain, or null for each image's predicted class
     */
    public static List<Item> run(LoadedRun run, List<Path> files, Path outDir, String layer, String label) {
        Preprocess p = run.info().preprocess();
        List<String> labels = run.info().labels();
        int target = -1;
        if (label != null) {
            target = labels.indexOf(label);
            if (target < 0) {
                throw new IllegalArgumentException("--label '" + label + "' is not one of the run's classes " + labels);
            }
        }
        GradCam cam = layer == null ? GradCam.of(run.net(), p.size()) : GradCam.at(run.net(), layer);
        Calibration calibration = run.info().calibrationOrNone();
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + outDir + ": " + AtomicFiles.reason(e), e);
        }
        List<Item> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Path f : files) {
            float[] x;
            try {
                x = Transforms.eval(ImageDecoder.decode(f), p);
            } catch (IOException | RuntimeException e) {
                out.add(new Item(f.toString(), null, null, null, null, cam.layer(), e.getMessage()));
                continue;
            }
            Explanation e = Explainer.explain(cam, List.of(x), p.size(), new int[] {target}, run.manager()).get(0);
            float prob = calibration.probabilities(e.logits())[e.target()];
            String name = labels.get(e.target());
            Path png = outDir.resolve(uniqueName(f, names));
            byte[] bytes = Overlay.png(Overlay.render(x, p, e.heatMap(), String.format(Locale.ROOT, "%s  %.1f%%",
                    name, 100 * prob)));
            AtomicFiles.write(png, o -> o.write(bytes));
            out.add(new Item(f.toString(), name, (double) prob, e.heatMap().grid(), png.toString(), cam.layer(), null));
        }
        return out;
    }

    /** {@code photo.jpg} becomes {@code photo.png}; a second {@code photo} from another folder {@code photo-2.png}. */
    private static String uniqueName(Path f, Set<String> taken) {
        String base = f.getFileName().toString();
        int dot = base.lastIndexOf('.');
        base = dot > 0 ? base.substring(0, dot) : base;
        String name = base;
        for (int k = 2; !taken.add(name); k++) {
            name = base + "-" + k;
        }
        return name + ".png";
    }
}
