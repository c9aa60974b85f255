package dev.graft.job;

import dev.graft.calibration.Assessment;
import dev.graft.calibration.Calibration;
import dev.graft.data.CsvImages;
import dev.graft.data.DataConfig;
import dev.graft.data.Datasets;
import dev.graft.data.FashionMnist;
import dev.graft.data.FolderImages;
import dev.graft.data.ImageSource;
import dev.graft.report.ConfusionPlot;
import dev.graft.eval.Evaluation;
import dev.graft.eval.Evaluator;
import dev.graft.eval.Outputs;
import dev.graft.data.Preprocess;
import dev.graft.explain.Explainer;
import dev.graft.explain.Explanation;
import dev.graft.explain.GradCam;
import dev.graft.explain.Overlay;
import dev.graft.report.ReliabilityPlot;
import dev.graft.check.Checks;
import dev.graft.io.AtomicFiles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Locale;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code graft evaluate}: metrics with the run's calibrated probabilities, a confusion-matrix PNG,
 * calibration (ECE before and after temperature scaling, a reliability diagram) and Grad-CAM
 * overlays of a few images, for a run on a data set.
 */
public final class EvaluateJob {
    private EvaluateJob() {}

    /** How many Grad-CAM overlays evaluate draws unless told otherwise: half misses, half hits. */
    public static final int OVERLAYS = 8;
    /** The most overlays evaluate draws; {@code RunDir.KIND} knows their names. */
    public static final int MAX_OVERLAYS = 64;
    /** Where the reliability diagram goes, beside the confusion matrix. */
    public static final String RELIABILITY = "reliability.png";
    /** Where the overlays go, beside the confusion matrix. */
    public static final String OVERLAY_FOLDER = "gradcam";

    /**
     * @param evaluation the scores, with the run's calibrated probabilities (its loss is the NLL at T)
     * @param skipped files that could not be read
     * @param confusionPng where the plot was written
     * @param ece expected calibration error with the run's temperature
     * @param eceBefore expected calibration error at T = 1
     * @param temperature the run's temperature (1 for runs without calibration)
     * @param calibration both reliability diagrams' bins, the NLL and the rejection threshold's effect
     * @param reliabilityPng the reliability diagram
     * @param overlays Grad-CAM overlays of a few images
     */
    public record Result(Evaluation evaluation, List<String> skipped, Path confusionPng, double ece, double eceBefore,
            double temperature, Assessment calibration, String reliabilityPng, List<Overlaid> overlays) {}

    /**
     * One image drawn with its Grad-CAM heat map.
     *
     * @param file where the image comes from
     * @param truth its label
     * @param predicted the predicted label (the class explained)
     * @param probability its calibrated probability
     * @param heatmap rows of columns, summing to 1
     * @param overlay the PNG written
     */
    public record Overlaid(String file, String truth, String predicted, double probability, double[][] heatmap,
            String overlay) {}

    /**
     * Evaluates on a folder (its {@code test/} or {@code val/} subfolder when present, else the
     * folder itself), on every row of a CSV file of {@code path,label} rows, or on Fashion-MNIST's
     * test split for the run's classes.
     */
    public static Result run(LoadedRun run, String data, int[] classes, Path png, int threads) {
        return run(run, data, classes, png, threads, false);
    }

    /** @param tta average each image's probabilities with its horizontal mirror's */
    public static Result run(LoadedRun run, String data, int[] classes, Path png, int threads, boolean tta) {
        return run(run, data, classes, png, threads, tta, OVERLAYS);
    }

    /**
     * @param png the confusion matrix's file; the reliability diagram goes beside it, the overlays
     *     into {@code gradcam/} beside it
     * @param overlays how many images to draw with Grad-CAM (0: none; at most {@link #MAX_OVERLAYS})
     */
    public static Result run(LoadedRun run, String data, int[] classes, Path png, int threads, boolean tta,
            int overlays) {
        Checks.range("overlays", overlays, 0, MAX_OVERLAYS);
        ImageSource images;
        List<String> skipped = List.of();
        if (DataConfig.FASHION_MNIST.equalsIgnoreCase(data)) {
            images = Datasets.fashionMnistTest(classes != null ? classes : classesOf(run));
        } else if (CsvImages.isCsv(Path.of(data))) {
            CsvImages c = CsvImages.open(Path.of(data), run.info().labels(), threads);
            skipped = c.skipped();
            images = c;
        } else {
            FolderImages f = Datasets.folderTest(Path.of(data), run.info().labels(), threads);
            skipped = f.skipped();
            images = f;
        }
        Calibration cal = run.info().calibrationOrNone();
        Outputs outputs = Evaluator.outputs(run.net(), images, run.info().preprocess(), threads, tta);
        Evaluator.Detailed d = Evaluator.detailed(outputs, cal.temperature());
        Evaluation e = d.evaluation();
        Path out = png != null ? png : run.dir().dir().resolve("confusion.png");
        Path dir = out.toAbsolutePath().getParent();
        Assessment a = Assessment.of(outputs, cal);
        Path reliability = dir.resolve(RELIABILITY);
        try {
            Files.createDirectories(dir);
            ConfusionPlot.writePng(e, "Confusion matrix: " + run.dir().dir().getFileName(), out);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + out, ex);
        }
        byte[] rel = ReliabilityPlot.png("Reliability: " + run.dir().dir().getFileName(), a.before(), a.after(),
                a.temperature());
        AtomicFiles.write(reliability, o -> o.write(rel));
        List<Overlaid> drawn = overlays(run, images, d.predictions(), overlays, dir.resolve(OVERLAY_FOLDER));
        return new Result(e, skipped, out, a.ece(), a.eceBefore(), a.temperature(), a, reliability.toString(), drawn);
    }

    /** Grad-CAM overlays of the worst misses and the most confident hits, half each. */
    static List<Overlaid> overlays(LoadedRun run, ImageSource images, List<Evaluator.Prediction> preds, int n,
            Path dir) {
        if (n <= 0 || preds.isEmpty()) {
            return List.of();
        }
        List<Evaluator.Prediction> chosen = new ArrayList<>();
        preds.stream().filter(p -> p.predicted() != p.truth())
                .sorted(Comparator.comparingDouble(Evaluator.Prediction::truthProb)).limit(n / 2).forEach(chosen::add);
        preds.stream().filter(p -> p.predicted() == p.truth())
                .sorted(Comparator.comparingDouble(p -> -p.confidence())).limit(n - chosen.size())
                .forEach(chosen::add);
        Preprocess p = run.info().preprocess();
        int[] idx = chosen.stream().mapToInt(Evaluator.Prediction::index).toArray();
        List<float[]> inputs = Explainer.inputs(images, idx, p);
        GradCam cam = GradCam.of(run.net(), p.size());
        List<Explanation> ex = Explainer.explain(cam, inputs, p.size(), null, run.manager());
        List<String> labels = run.info().labels();
        List<Overlaid> out = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            Evaluator.Prediction pr = chosen.get(i);
            String title = String.format(Locale.ROOT, "%s: %s %.0f%% (true: %s)",
                    pr.predicted() == pr.truth() ? "right" : "wrong", labels.get(pr.predicted()),
                    100 * pr.confidence(), labels.get(pr.truth()));
            byte[] bytes = Overlay.png(Overlay.render(inputs.get(i), p, ex.get(i).heatMap(), title));
            Path f = dir.resolve(overlayName(pr.predicted() == pr.truth(), i + 1));
            AtomicFiles.write(f, o -> o.write(bytes));
            out.add(new Overlaid(images.describe(pr.index()), labels.get(pr.truth()), labels.get(pr.predicted()),
                    pr.confidence(), ex.get(i).heatMap().grid(), f.toString()));
        }
        return out;
    }

    /** {@code miss-3.png}, {@code hit-5.png}: overlays are numbered in the order drawn, misses first. */
    public static String overlayName(boolean hit, int index) {
        return (hit ? "hit-" : "miss-") + index + ".png";
    }

    /**
     * A run's scores on images labelled with its classes, in inference mode, with its calibrated
     * probabilities (the loss is the NLL at the run's temperature), without writing anything.
     */
    public static Evaluation evaluate(LoadedRun run, ImageSource images, int threads, boolean tta) {
        Outputs outputs = Evaluator.outputs(run.net(), images, run.info().preprocess(), threads, tta);
        return Evaluator.detailed(outputs, run.info().calibrationOrNone().temperature()).evaluation();
    }

    /** The Fashion-MNIST class ids a run was trained on, from its label names. */
    static int[] classesOf(LoadedRun run) {
        List<String> labels = run.info().labels();
        int[] ids = new int[labels.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = FashionMnist.LABELS.indexOf(labels.get(i));
            if (ids[i] < 0) {
                throw new IllegalArgumentException("run " + run.dir().dir() + " was not trained on Fashion-MNIST "
                        + "(label '" + labels.get(i) + "'); give `data` FOLDER");
            }
        }
        return ids;
    }
}
