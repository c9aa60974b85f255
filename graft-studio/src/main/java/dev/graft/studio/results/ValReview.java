package dev.graft.studio.results;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.graft.data.FolderImages;
import dev.graft.eval.Evaluation;
import dev.graft.eval.Evaluator;
import dev.graft.job.LoadedRun;
import dev.graft.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How a run does on its validation images, image by image: written once when training ends (the
 * images are the run's frozen {@code val/} folder, so it never goes stale) and read by the Review
 * tab. The metrics come from the library's evaluation; the Studio only keeps which image fell
 * where.
 *
 * @param labels class names, in the model's order
 * @param confusion {@code [true][predicted]} counts
 * @param loss mean cross-entropy
 * @param items every validation image
 */
public record ValReview(List<String> labels, long[][] confusion, double loss, List<Item> items) {
    static final String FILE = "review.json";
    private static final Gson GSON = new GsonBuilder().create();

    /**
     * One validation image.
     *
     * @param truth its class (its folder when the run started)
     * @param predicted the most probable class
     * @param probability the predicted class's probability
     * @param loss −log p(truth)
     * @param name its file name, the same in the project unless moved since
     */
    public record Item(String truth, String predicted, double probability, double loss, String name) {}

    /** The library's metrics over the confusion matrix. */
    public Evaluation evaluation() {
        return new Evaluation(labels, confusion, loss);
    }

    /** Indices of the {@code n} items with the highest loss, highest first. */
    public List<Integer> topLosses(int n) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            idx.add(i);
        }
        idx.sort(Comparator.comparingDouble((Integer i) -> -items.get(i).loss()).thenComparing(i -> i));
        return idx.subList(0, Math.min(n, idx.size()));
    }

    /**
     * Scores the run's model on its validation images and writes the review beside the run.
     *
     * @param r the run, with a model
     * @param threads decoding and libtorch threads
     * @return the review
     */
    static ValReview compute(RunFolder r, int threads) {
        try (LoadedRun run = LoadedRun.open(r.model(), threads)) {
            List<String> labels = run.info().labels();
            FolderImages val = FolderImages.open(r.data().resolve("val"), labels, threads);
            Evaluator.Detailed d = Evaluator.evaluateDetailed(run.net(), val, run.info().preprocess(), threads);
            List<Item> items = new ArrayList<>();
            for (Evaluator.Prediction p : d.predictions()) {
                items.add(new Item(labels.get(p.truth()), labels.get(p.predicted()), p.confidence(),
                        -Math.log(Math.max(p.truthProb(), 1e-12)), val.file(p.index()).getFileName().toString()));
            }
            ValReview v = new ValReview(labels, d.evaluation().confusion(), d.evaluation().loss(), items);
            AtomicFiles.writeString(r.dir().resolve(FILE), GSON.toJson(v));
            return v;
        }
    }

    /** The review written when the run ended, or null when there is none (a run from before, or one that failed). */
    static ValReview read(RunFolder r) {
        Path f = r.dir().resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return GSON.fromJson(Files.readString(f), ValReview.class);
        } catch (IOException | JsonParseException e) {
            return null;
        }
    }
}
