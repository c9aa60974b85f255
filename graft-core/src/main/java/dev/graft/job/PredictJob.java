package dev.graft.job;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.calibration.Calibration;
import dev.graft.check.Checks;
import dev.graft.data.ImageDecoder;
import dev.graft.data.Preprocess;
import dev.graft.data.RawImage;
import dev.graft.data.Transforms;
import dev.graft.eval.Scored;
import dev.graft.nn.BnFold;
import dev.graft.nn.Ctx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code graft predict}: top-k labels with probabilities for image files. */
public final class PredictJob {
    /** From this many files on, BatchNorm is folded into the convolutions ({@link BnFold}). */
    static final int FOLD_FROM = 16;

    private PredictJob() {}

    /** What a rejected prediction answers. */
    public static final String UNKNOWN = "unknown";

    /**
     * The result for one file.
     *
     * @param file the image
     * @param top the best labels with calibrated probabilities, most probable first; empty when the
     *     file could not be read
     * @param error why the file could not be read, or null
     * @param answer the top label, or {@link #UNKNOWN} when its probability is below the rejection
     *     threshold; null when the file could not be read
     */
    public record Prediction(Path file, List<Scored> top, String error, String answer) {
        public Prediction(Path file, List<Scored> top, String error) {
            this(file, top, error, top.isEmpty() ? null : top.get(0).label());
        }
    }

    /** Top-k labels with the run's calibrated probabilities, rejecting nothing. */
    public static List<Prediction> run(LoadedRun run, List<Path> files, int k) {
        return run(run, files, k, 0);
    }

    /**
     * Top-k labels with the run's calibrated probabilities ({@code softmax(logits / T)}, T from
     * {@code graft.json}, 1 for runs without calibration).
     *
     * @param k labels per image, at least 1 (more than the run has classes gives them all)
     * @param rejectBelow answer {@link #UNKNOWN} when the top probability is below this; 0 rejects nothing
     */
    public static List<Prediction> run(LoadedRun run, List<Path> files, int k, double rejectBelow) {
        Checks.atLeast("topK", k, 1);
        Checks.range("rejectBelow", rejectBelow, 0, false, 1, false);
        List<Prediction> out = new ArrayList<>();
        List<String> labels = run.info().labels();
        // folding costs two single-image passes to find and check the pairs, so it pays only over many images
        try (BnFold fold = BnFold.forInference(run.net())) {
            for (Path f : files) {
                RawImage img;
                try {
                    img = ImageDecoder.decode(f);
                } catch (IOException | RuntimeException e) {
                    out.add(new Prediction(f, List.of(), e.getMessage()));
                    continue;
                }
                float[] p = probabilities(run, List.of(img), files.size() >= FOLD_FROM ? fold : null)[0];
                List<Scored> top = Scored.top(p, labels, k);
                out.add(new Prediction(f, top, null, Calibration.rejects(p, rejectBelow) ? UNKNOWN : top.get(0).label()));
            }
        }
        return out;
    }

    /**
     * Class probabilities of decoded images, one row per image, calibrated with the run's
     * temperature ({@code softmax(logits / T)}, T = 1 for a run without calibration), from one
     * inference-mode forward pass under its own sub-manager, so nothing native outlives the call.
     * Safe to call from several threads at once on one run: the pass only reads the network's weights.
     */
    public static float[][] probabilities(LoadedRun run, List<RawImage> images) {
        return probabilities(run, images, null);
    }

    /** As {@link #probabilities(LoadedRun, List)}, inside {@code fold}'s scope when it is not null. */
    private static float[][] probabilities(LoadedRun run, List<RawImage> images, BnFold fold) {
        Preprocess pre = run.info().preprocess();
        int s = pre.size();
        int per = 3 * s * s;
        float[] x = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(Transforms.eval(images.get(i), pre), 0, x, i * per, per);
        }
        try (NDManager sm = run.manager().newSubManager()) {
            NDArray in = sm.create(x, new Shape(images.size(), 3, s, s));
            if (fold != null) {
                fold.ensure(in);
            }
            NDArray logits = run.net().forward(in, Ctx.EVAL);
            float[] p = run.info().calibrationOrNone().probabilities(logits).toFloatArray();
            int classes = p.length / images.size();
            float[][] out = new float[images.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = java.util.Arrays.copyOfRange(p, i * classes, (i + 1) * classes);
            }
            return out;
        }
    }
}
