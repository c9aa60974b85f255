package dev.graft.report;

import dev.graft.data.ImageSource;
import dev.graft.data.Preprocess;
import dev.graft.data.Transforms;
import dev.graft.explain.HeatMap;
import dev.graft.explain.Overlay;
import dev.graft.eval.Evaluation;
import dev.graft.study.Cell;
import dev.graft.study.CellMetrics;
import dev.graft.study.CellResult;
import dev.graft.study.StudyRecord;
import dev.graft.study.Summary;
import dev.graft.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/** Writes a study's plots into {@code plots/} and the self-contained {@code report.html} beside them. */
public final class Report {
    /** The report's file name in the study folder. */
    public static final String HTML = "report.html";
    /** The table and reading in Markdown, for a README. */
    public static final String MARKDOWN = "summary.md";
    /** The accuracy-against-size plot, the one to put in a README. */
    public static final String ACCURACY_PNG = "accuracy.png";

    /**
     * What was written.
     *
     * @param html the report
     * @param images the PNG files, in report order
     */
    public record Written(Path html, List<Path> images) {}

    private Report() {}

    /**
     * Writes the plots and the report for the cells finished so far.
     *
     * @param test the study's test set, for the gallery of worst predictions (null leaves it out)
     */
    public static Written write(Path dir, StudyRecord r, ImageSource test) {
        try {
            Path plots = Files.createDirectories(dir.resolve("plots"));
            Summary s = Summary.of(r);
            CellResult best = StudyPlots.bestCell(r);
            List<HtmlReport.Figure> figures = new ArrayList<>();
            List<Path> files = new ArrayList<>();
            if (best != null) {
                figures(r, s, best, test, plots, figures, files);
            }
            Path html = dir.resolve(HTML);
            List<String> reading = Reading.of(s, best);
            AtomicFiles.writeString(html, HtmlReport.render(r, s, reading, figures));
            AtomicFiles.writeString(dir.resolve(MARKDOWN), markdown(r, s, reading));
            return new Written(html, files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the study report in " + dir + ": " + dev.graft.io.AtomicFiles.reason(e), e);
        }
    }

    private static void figures(StudyRecord r, Summary s, CellResult best, ImageSource test, Path plots,
            List<HtmlReport.Figure> figures, List<Path> files) throws IOException {
        int size = StudyPlots.smallestSize(s);
        String target = Math.round(100 * CellMetrics.TARGET) + "%";
        add(figures, files, plots.resolve(ACCURACY_PNG), "Test accuracy against labeled images per class",
                "Each point is the mean test accuracy over seeds at that many labeled training images per class; "
                        + "bars show ± one standard deviation. Every point is scored on the same "
                        + r.provenance().testImages() + " test images.", png(StudyPlots.accuracy(r, s)));
        add(figures, files, plots.resolve("speed.png"), "Validation accuracy against training time",
                "Validation accuracy after each epoch against the time since training started, at "
                        + Reading.perClass(size) + " (seed " + r.plan().seed() + "). The legend gives the time each "
                        + "strategy took to reach " + target + " of its own final validation accuracy.",
                png(StudyPlots.speed(r, s)));
        add(figures, files, plots.resolve("losses.png"), "Training against validation loss",
                "Loss per epoch at " + Reading.perClass(size) + " (seed " + r.plan().seed() + "). Where the "
                        + "validation loss turns up while the training loss keeps falling, the network has started "
                        + "to overfit; the dashed line marks the epoch whose weights early stopping kept, the dotted "
                        + "line a change of phase. Training loss is measured with label smoothing and dropout on, "
                        + "so it stays above zero.", grid(StudyPlots.losses(r, s)));
        String bestName = String.format(Locale.ROOT, "%s, %s/class, seed %d", best.strategy(),
                Cell.sizeLabel(best.perClass()), best.seed());
        Path confusion = plots.resolve("confusion.png");
        ConfusionPlot.writePng(new Evaluation(r.provenance().labels(), best.confusion(), best.testLoss()),
                String.format(Locale.ROOT, "Best cell: %s (test accuracy %.1f%%)", bestName,
                        100 * best.testAccuracy()), confusion);
        add(figures, files, confusion, "Confusion matrix of the best cell",
                "Rows are true classes, columns predicted ones, each row normalised to 1: where each class's test "
                        + "images went, for " + bestName + ".", Files.readAllBytes(confusion));
        if (test != null) {
            BufferedImage g = Gallery.draw("Worst predictions of the best cell: " + bestName, best.worst(), test,
                    r.provenance().labels());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(g, "png", out);
            add(figures, files, plots.resolve("worst.png"), "Worst-predicted test images",
                    "The test images " + bestName + " gave the lowest probability for their true class, with the "
                            + "true label (green) and the prediction (red) and their probabilities.",
                    out.toByteArray());
        }
        trust(r, best, bestName, test, plots, figures, files);
    }

    /** The best cell's reliability diagram and where it looked on its worst misses, when the cell has them. */
    private static void trust(StudyRecord r, CellResult best, String bestName, ImageSource test, Path plots,
            List<HtmlReport.Figure> figures, List<Path> files) throws IOException {
        CellResult.CellCalibration c = best.calibration();
        if (c != null) {
            add(figures, files, plots.resolve("reliability.png"), "Calibration of the best cell",
                    String.format(Locale.ROOT, "Accuracy against confidence on the test images, in %d bins, for %s. "
                            + "Points below the diagonal are over-confident, above it under-confident. Temperature "
                            + "scaling (T = %.2f, fitted on the validation images) moves the expected calibration "
                            + "error from %.3f to %.3f; graft predict applies it.", c.before().bins().size(), bestName,
                            c.temperature(), c.eceBefore(), c.ece()),
                    ReliabilityPlot.png("Reliability: " + bestName, c.before(), c.after(), c.temperature()));
        }
        Preprocess pre = r.provenance().preprocess();
        List<CellResult.Miss> mapped = best.worst().stream().filter(m -> m.heatmap() != null).limit(8).toList();
        if (test == null || pre == null || mapped.isEmpty()) {
            return;
        }
        List<BufferedImage> tiles = new ArrayList<>();
        List<String> labels = r.provenance().labels();
        for (CellResult.Miss m : mapped) {
            float[] x = Transforms.eval(test.image(m.index()), pre);
            tiles.add(Overlay.render(x, pre, heatMap(m.heatmap()), String.format(Locale.ROOT, "%s %.0f%% (true: %s)",
                    labels.get(m.predicted()), 100 * m.confidence(), labels.get(m.truth()))));
        }
        add(figures, files, plots.resolve("gradcam.png"), "Where the best cell looked on its worst misses",
                "Grad-CAM of " + bestName + " for the class it predicted, over the image as the network saw it: red "
                        + "is where it found the most evidence for that class. The titles give the prediction with "
                        + "its probability and the true label.", Overlay.png(Overlay.grid(tiles, 4)));
    }

    private static HeatMap heatMap(double[][] grid) {
        float[] v = new float[grid.length * grid[0].length];
        for (int i = 0; i < grid.length; i++) {
            for (int j = 0; j < grid[i].length; j++) {
                v[i * grid[0].length + j] = (float) grid[i][j];
            }
        }
        return new HeatMap(grid.length, grid[0].length, v);
    }

    private static String markdown(StudyRecord r, Summary s, List<String> reading) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Test accuracy (%%), mean ± std over %d seed(s), on %d test images; %s, "
                + "backbone %s.%n%n", r.plan().seeds(), r.provenance().testImages(), r.provenance().arch(),
                r.provenance().weights() == null ? "none" : r.provenance().weights()));
        sb.append(s.markdown()).append('\n');
        reading.forEach(line -> sb.append("- ").append(line).append('\n'));
        return sb.toString();
    }

    private static void add(List<HtmlReport.Figure> figures, List<Path> files, Path file, String title,
            String caption, byte[] png) {
        AtomicFiles.write(file, out -> out.write(png));
        figures.add(new HtmlReport.Figure(title, caption, png));
        files.add(file);
    }

    static byte[] png(XYChart chart) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        return out.toByteArray();
    }

    /** Charts side by side, two per row; XChart's own grid needs a full last row. */
    private static byte[] grid(List<XYChart> charts) throws IOException {
        if (charts.isEmpty()) {
            return png(Charts.xy(640, 200, "no epochs recorded", "epoch", "loss"));
        }
        int cols = Math.min(2, charts.size());
        int rows = (charts.size() + cols - 1) / cols;
        int w = charts.get(0).getWidth();
        int h = charts.get(0).getHeight();
        BufferedImage out = new BufferedImage(cols * w, rows * h, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int i = 0; i < charts.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % cols) * w, (i / cols) * h, null);
        }
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(out, "png", bytes);
        return bytes.toByteArray();
    }
}
