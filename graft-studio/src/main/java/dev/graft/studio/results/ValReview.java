package dev.graft.studio.results;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.graft.Graft;
import dev.graft.TrainedModel;
import dev.graft.eval.Evaluation;
import dev.graft.eval.Scored;
import dev.graft.io.AtomicFiles;
import dev.graft.serve.Classifier;
import dev.graft.serve.Prediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * How a run does on its validation images, image by image: written once when training ends (the
 * images are the run's frozen {@code val/} folder, so it never goes stale) and read by the Review
 * tab. Every image is scored by the trained model's {@link Classifier}, all classes' probabilities
 * at once; the metrics over the confusion matrix are the library's {@link Evaluation}.
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
     * @param r the run
     * @param model the run's trained model
     * @param threads libtorch threads
     * @return the review
     */
    static ValReview compute(RunFolder r, TrainedModel model, int threads) {
        List<String> labels = model.labels();
        long[][] confusion = new long[labels.size()][labels.size()];
        List<Item> items = new ArrayList<>();
        double lossSum = 0;
        try (Classifier c = Classifier.builder().setRun(model.runDir()).optBaseWeights(model.trusted().base())
                .optTopK(labels.size()).optThreads(threads).build()) {
            for (int t = 0; t < labels.size(); t++) {
                List<Path> files = files(r.data().resolve("val").resolve(labels.get(t)));
                // every class's probability: the truth's gives the loss, the first the prediction
                List<Prediction> ps = files.isEmpty() ? List.of() : c.predictFiles(files);
                for (int i = 0; i < files.size(); i++) {
                    List<Scored> top = ps.get(i).top();
                    String truth = labels.get(t);
                    double pTruth = top.stream().filter(x -> x.label().equals(truth)).findFirst().orElseThrow()
                            .probability();
                    double loss = -Math.log(Math.max(pTruth, 1e-12));
                    confusion[t][labels.indexOf(top.get(0).label())]++;
                    lossSum += loss;
                    items.add(new Item(truth, top.get(0).label(), top.get(0).probability(), loss,
                            files.get(i).getFileName().toString()));
                }
            }
        }
        ValReview v = new ValReview(labels, confusion, items.isEmpty() ? 0 : lossSum / items.size(), items);
        AtomicFiles.writeString(r.dir().resolve(FILE), GSON.toJson(v));
        return v;
    }

    /** As {@link #compute(RunFolder, TrainedModel, int)}, loading the run's model. */
    static ValReview compute(RunFolder r, int threads) {
        try (TrainedModel m = Graft.load(r.model(), TrainTask.trusted(StudioMeta.read(r).settings()))) {
            return compute(r, m, threads);
        }
    }

    /** A class folder's images, in name order. */
    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + dir + " (" + e.getMessage() + ")", e);
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
