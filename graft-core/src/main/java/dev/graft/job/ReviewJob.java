package dev.graft.job;

import dev.graft.data.Augment;
import dev.graft.data.BatchLoader;
import dev.graft.data.DataConfig;
import dev.graft.data.Datasets;
import dev.graft.data.FolderImages;
import dev.graft.data.ImageSource;
import dev.graft.data.Preprocess;
import dev.graft.explain.Explainer;
import dev.graft.explain.Explanation;
import dev.graft.explain.GradCam;
import dev.graft.explain.Overlay;
import dev.graft.model.Network;
import dev.graft.model.Models;
import dev.graft.model.Pretrained;
import dev.graft.model.WeightLoader;
import dev.graft.run.RunDir;
import dev.graft.run.RunInfo;
import ai.djl.ndarray.NDManager;
import dev.graft.review.ConfidentLearning;
import dev.graft.review.CrossFit;
import dev.graft.review.Findings;
import dev.graft.review.Review;
import dev.graft.review.ReviewHtml;
import dev.graft.review.SoftmaxProbe;
import dev.graft.train.FeatureCache;
import dev.graft.check.Checks;
import dev.graft.io.AtomicFiles;
import dev.graft.run.FolderKind;
import dev.graft.run.OutputFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code graft review}: which labels of a data set look wrong, which classes get confused and which
 * images cost the most, from out-of-sample probabilities, written as {@code review.json} and a
 * self-contained {@code review.html}.
 */
public final class ReviewJob {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewJob.class);
    public static final String JSON = "review.json";
    public static final String HTML = "review.html";
    /** The most high-loss images a review shows (and so the most overlay files it writes). */
    public static final int MAX_TOP_LOSSES = 99;

    /**
     * What {@code graft review} writes into its folder: what {@code --force} may replace. The
     * marker is {@code review.json}, whose {@code format} field says Graft wrote it.
     */
    public static final FolderKind KIND = new FolderKind("review", List.of(JSON), Set.of(JSON, HTML), Set.of(),
            Map.of("overlays", IntStream.rangeClosed(1, MAX_TOP_LOSSES).mapToObj(ReviewJob::lossOverlay)
                    .map(n -> n.substring(n.indexOf('/') + 1)).collect(Collectors.toSet())));

    private ReviewJob() {}

    /**
     * How to review.
     *
     * @param folds k of the cross-fitting (default {@link CrossFit#DEFAULT_FOLDS})
     * @param fineTune fit each fold by a short fine-tune of the run's recipe instead of a linear probe
     *     on the run's cached features (default false)
     * @param foldEpochs epochs of each fold's fine-tune (default 3)
     * @param topLosses how many highest-loss images to show (default 12)
     * @param issueImages how many label issues to draw in the HTML (default 24; all are listed)
     * @param seed the fold assignment's seed (default 0)
     * @param runFeatures probe the run's own features even when it has pretrained base weights
     *     (default false: the base network's, which never saw these labels; a fine-tuned network
     *     has learned the wrong labels too, and its features agree with them)
     */
    public record Options(int folds, boolean fineTune, int foldEpochs, int topLosses, int issueImages, long seed,
            boolean runFeatures) {
        public Options {
            Checks.range("folds", folds, 2, 100);
            Checks.range("foldEpochs", foldEpochs, 1, 10_000);
            Checks.range("topLosses", topLosses, 0, MAX_TOP_LOSSES);
            Checks.range("issueImages", issueImages, 0, 1000);
        }

        public static final Options DEFAULTS = new Options(CrossFit.DEFAULT_FOLDS, false, 3, 12, 24, 0, false);
    }

    /**
     * Reviews the images of {@code data} (its {@code train/} subfolder when present, else the whole
     * folder; {@code fashion-mnist}: the run's own training images, from its {@code request.json})
     * and writes the review into {@code out}, prepared as {@link OutputFolder} says: the inputs are
     * read and checked first, and an existing review is replaced only with {@code force}.
     */
    public static Review run(LoadedRun run, String data, Path out, boolean force, Options o, int threads) {
        OutputFolder.checkOut(out);
        ImageSource images = images(run, data, threads);
        List<String> labels = run.info().labels();
        int[] given = new int[images.size()];
        for (int i = 0; i < given.length; i++) {
            given[i] = images.label(i);
        }
        int[] fold = CrossFit.folds(given, labels.size(), o.folds(), o.seed());
        // every input is opened and checked before the output folder is touched
        FineTuneFolds tuned = null;
        Pretrained.Resolved baseWeights = null;
        if (o.fineTune()) {
            if (run.dir() == null || !Files.isRegularFile(run.dir().request())) {
                throw new IllegalArgumentException("fine-tune folds repeat the run's recipe, read from "
                        + "RUN/request.json, which this run lacks; use the linear-probe folds (`foldsBy` probe)");
            }
            tuned = FineTuneFolds.of(run, images, o.foldEpochs());
        } else if (!o.runFeatures() && run.info().base() != null) {
            baseWeights = baseWeights(run);
        }
        Map<String, Path> inputs = new LinkedHashMap<>();
        if (run.dir() != null) {
            inputs.put("`run`", run.dir().dir());
        }
        if (!DataConfig.FASHION_MNIST.equalsIgnoreCase(data)) {
            inputs.put("`data`", Path.of(data));
        }
        OutputFolder folder = OutputFolder.prepare(out, force, KIND, inputs);
        float[][] probs;
        if (tuned != null) {
            probs = CrossFit.probabilities(fold, o.folds(), tuned, 1);
        } else {
            FeatureCache f = features(run, images, baseWeights, threads);
            LOG.info(o.folds() + "-fold linear probes...");
            probs = CrossFit.probabilities(fold, o.folds(), new SoftmaxProbe(f.x(), f.dim(), given, labels.size()),
                    threads);
        }
        Review review = write(run, images, given, probs, folder.dir(), o);
        folder.commit();
        return review;
    }

    /** {@code overlays/loss-07.png}: the overlay of the seventh-highest loss. */
    private static String lossOverlay(int rank) {
        return String.format(Locale.ROOT, "overlays/loss-%02d.png", rank);
    }

    private static Review write(LoadedRun run, ImageSource images, int[] given, float[][] probs, Path out,
            Options o) {
        List<String> labels = run.info().labels();
        ConfidentLearning.Result cl = ConfidentLearning.find(probs, given, labels.size());
        long[][] confusion = Findings.confusion(probs, given, labels.size());
        long right = 0;
        for (int c = 0; c < labels.size(); c++) {
            right += confusion[c][c];
        }
        Map<String, Double> thresholds = new LinkedHashMap<>();
        for (int c = 0; c < labels.size(); c++) {
            thresholds.put(labels.get(c), cl.thresholds()[c]);
        }
        int[] top = Findings.topLosses(probs, given, o.topLosses());
        int shownIssues = Math.min(o.issueImages(), cl.issues().size());
        int[] drawn = new int[top.length + shownIssues];
        int[] targets = new int[drawn.length];
        for (int i = 0; i < top.length; i++) {
            drawn[i] = top[i];
            targets[i] = dev.graft.eval.Outputs.argmax(probs[top[i]]);
        }
        for (int i = 0; i < shownIssues; i++) {
            drawn[top.length + i] = cl.issues().get(i).row();
            targets[top.length + i] = cl.issues().get(i).suggested();
        }
        List<byte[]> pngs = overlays(run, images, drawn, targets);
        Map<String, byte[]> named = new LinkedHashMap<>();
        List<Review.Loss> losses = new ArrayList<>();
        for (int i = 0; i < top.length; i++) {
            int r = top[i];
            int p = targets[i];
            String name = lossOverlay(i + 1);
            named.put(name, pngs.get(i));
            losses.add(new Review.Loss(images.describe(r), labels.get(given[r]), labels.get(p), probs[r][p],
                    probs[r][given[r]], -Math.log(Math.max(probs[r][given[r]], 1e-12)), name));
        }
        List<Review.LabelIssue> issues = new ArrayList<>();
        for (ConfidentLearning.Issue is : cl.issues()) {
            issues.add(new Review.LabelIssue(images.describe(is.row()), labels.get(is.given()),
                    labels.get(is.suggested()), is.score()));
        }
        Review review = new Review(Review.FORMAT, run.dir() == null ? null : run.dir().dir().toString(), describe(images),
                images.size(), o.folds(), o.fineTune() ? "fine-tune" : "probe", o.fineTune() ? null
                        : o.runFeatures() || run.info().base() == null ? "run" : "base", (double) right / given.length,
                thresholds, Findings.confusedPairs(confusion, labels, 10), losses, issues);
        named.forEach((name, png) -> AtomicFiles.write(out.resolve(name), s -> s.write(png)));
        AtomicFiles.writeString(out.resolve(JSON), GSON.toJson(review));
        AtomicFiles.writeString(out.resolve(HTML), ReviewHtml.render(review, named,
                pngs.subList(top.length, pngs.size())));
        return review;
    }

    /**
     * The weights the run started from, for the probe's features. {@code graft.json} is untrusted:
     * its base is opened only as a registry tag, a hub file pinned to its sha256, or what the user
     * named when opening the run ({@link Trusted#base}).
     */
    static Pretrained.Resolved baseWeights(LoadedRun run) {
        RunInfo.Base base = run.info().base();
        return RunInputs.weights(base.source(), base.sha256(), run.trusted().base(),
                run.dir() == null ? Path.of(RunDir.INFO) : run.dir().info(), "baseWeights");
    }

    /**
     * The images' features: from the run's pretrained base network ({@code base}, head dropped),
     * or with {@code base} null from the run's own network.
     */
    static FeatureCache features(LoadedRun run, ImageSource images, Pretrained.Resolved base, int threads) {
        LOG.info("features of " + images.size() + " images from the " + (base != null ? "base network ("
                + run.info().base().source() + ")" : "run's network") + "...");
        Preprocess pre = run.info().preprocess();
        try (NDManager m = run.manager().newSubManager();
                BatchLoader loader = new BatchLoader(images, pre, Augment.NONE, 64, threads)) {
            Network net = run.net();
            if (base != null) {
                net = Models.build(run.arch(), run.info().labels().size(), run.info().head(), m, 0);
                WeightLoader.load(net, base.dict(), base.source(), WeightLoader.HeadMode.REPLACE);
            }
            return FeatureCache.compute(net, loader.sequential(), m);
        }
    }

    /** Grad-CAM overlays of the run's network for the given rows and classes. */
    private static List<byte[]> overlays(LoadedRun run, ImageSource images, int[] rows, int[] targets) {
        if (rows.length == 0) {
            return List.of();
        }
        Preprocess p = run.info().preprocess();
        List<float[]> inputs = Explainer.inputs(images, rows, p);
        GradCam cam = GradCam.of(run.net(), p.size());
        List<Explanation> ex = Explainer.explain(cam, inputs, p.size(), targets, run.manager());
        List<String> labels = run.info().labels();
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            out.add(Overlay.png(Overlay.render(inputs.get(i), p, ex.get(i).heatMap(),
                    "given " + labels.get(images.label(rows[i])) + ", looks like " + labels.get(targets[i]))));
        }
        return out;
    }

    /** The images to review: a folder's {@code train/} or the folder, or the run's own Fashion-MNIST split. */
    static ImageSource images(LoadedRun run, String data, int threads) {
        if (DataConfig.FASHION_MNIST.equalsIgnoreCase(data)) {
            if (run.dir() == null || !Files.isRegularFile(run.dir().request())) {
                throw new IllegalArgumentException("`data` fashion-mnist reviews the run's own training images, "
                        + "recorded in RUN/request.json, which this run lacks; give a folder instead");
            }
            DataConfig dc = RequestCodec.read(run.dir().request(), threads).request().data();
            if (!dc.isFashionMnist()) {
                throw new IllegalArgumentException("the run was trained on " + dc.data() + ", not Fashion-MNIST; "
                        + "give `data` " + dc.data());
            }
            return Datasets.open(dc).train();
        }
        Path root = Path.of(data);
        Path sub = Files.isDirectory(root.resolve("train")) ? root.resolve("train") : root;
        return FolderImages.open(sub, run.info().labels(), threads);
    }

    private static String describe(ImageSource images) {
        return images instanceof FolderImages f ? f.root().toString() : images.describe(0).replaceAll("\\[\\d+]$", "");
    }

    private static final com.google.gson.Gson GSON = new com.google.gson.GsonBuilder().setPrettyPrinting()
            .serializeSpecialFloatingPointValues().create();
}
