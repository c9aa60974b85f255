package dev.graft.job;

import dev.graft.data.CsvImages;
import dev.graft.data.DataConfig;
import dev.graft.data.Datasets;
import dev.graft.data.FashionMnist;
import dev.graft.data.FolderImages;
import dev.graft.data.ImageSource;
import dev.graft.report.ConfusionPlot;
import dev.graft.eval.Evaluation;
import dev.graft.eval.Evaluator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** {@code graft evaluate}: metrics and a confusion-matrix PNG for a run on a data set. */
public final class EvaluateJob {
    private EvaluateJob() {}

    /**
     * @param evaluation the scores
     * @param skipped files that could not be read
     * @param confusionPng where the plot was written
     */
    public record Result(Evaluation evaluation, List<String> skipped, Path confusionPng) {}

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
        Evaluation e = evaluate(run, images, threads, tta);
        Path out = png != null ? png : run.dir().dir().resolve("confusion.png");
        try {
            ConfusionPlot.writePng(e, "Confusion matrix: " + run.dir().dir().getFileName(), out);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + out, ex);
        }
        return new Result(e, skipped, out);
    }

    /** A run's scores on images labelled with its classes, in inference mode, without writing anything. */
    public static Evaluation evaluate(LoadedRun run, ImageSource images, int threads, boolean tta) {
        return Evaluator.evaluate(run.net(), images, run.info().preprocess(), threads, tta);
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
