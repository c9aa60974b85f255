package dev.graft.serve;

import dev.graft.calibration.Calibration;
import dev.graft.data.DataException;
import dev.graft.data.ImageDecoder;
import dev.graft.data.RawImage;
import dev.graft.check.Checks;
import dev.graft.engine.Engines;
import dev.graft.eval.Scored;
import dev.graft.job.LoadedRun;
import dev.graft.job.Trusted;
import dev.graft.job.PredictJob;
import dev.graft.nn.Param;
import dev.graft.peft.Lora;
import dev.graft.peft.Method;
import dev.graft.run.RunInfo;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * A trained model made for serving: loaded once from a run folder, it answers the top-k labels with
 * probabilities for image files, decoded images or encoded bytes, one at a time or in batches.
 *
 * <p><b>Concurrency.</b> Any number of threads may call it at once. Decoding and preprocessing run in
 * the callers' threads, in parallel. The forward passes share one copy of the weights and are
 * admitted by a semaphore of {@link Builder#optMaxConcurrent} permits (default 1, which makes it a
 * lock). A lock is the default because libtorch already spreads one forward pass over every
 * intra-op thread: on a CPU, two passes at once compete for the same cores, each takes longer, and
 * native memory grows with every pass in flight. Raise the permits when libtorch runs on fewer
 * threads than there are cores ({@code optThreads(1)} with several callers, say); the passes only
 * read the weights, so they are safe to run together.
 *
 * <p><b>Memory.</b> Every call runs under its own native sub-manager that is closed before the call
 * returns, so native memory stays flat however many predictions are made ({@code graft bench
 * --serve --soak N} measures it). Close the classifier to free the weights.
 *
 * <p><b>Trust.</b> The probabilities are calibrated: {@code softmax(logits / T)} with the temperature
 * {@code graft train} fitted on the run's validation images ({@link #calibration}; T = 1 for runs
 * made before Graft calibrated). {@link #isUnknown} says when a prediction falls below the
 * rejection threshold the run suggests, and {@link #explain} shows where the model looked: a
 * Grad-CAM heat map and an overlay image. An explanation needs the network to itself (it hooks an
 * inner layer and runs a backward pass), so it waits for the predictions in flight and holds the
 * others back while it runs.
 *
 * <p>Parameter-efficient runs load with their base weights; a LoRA run's updates are folded into
 * the base weights on load (exactly, up to float rounding), so serving it costs what the plain
 * network costs.
 */
public final class Classifier implements AutoCloseable {
    /** Labels per prediction unless set, the same as {@code graft predict --top}. */
    public static final int DEFAULT_TOP_K = 3;
    /** Forward passes at once unless set: 1, a lock. */
    public static final int DEFAULT_MAX_CONCURRENT = 1;
    /** Images per forward pass when a batch is larger; bounds the native memory one call takes. */
    public static final int MAX_BATCH = 32;

    private final LoadedRun run;
    private final int topK;
    private final int maxConcurrent;
    private final Semaphore passes;
    private volatile boolean closed;
    private final HeatMaps heatMaps;

    private Classifier(Builder b) {
        this.topK = b.topK;
        this.maxConcurrent = b.maxConcurrent;
        this.passes = new Semaphore(b.maxConcurrent, true);
        this.run = LoadedRun.open(b.runDir, b.threads, new Trusted(b.baseWeights, b.torchscript));
        this.heatMaps = new HeatMaps(run);
        try {
            RunInfo.PeftInfo peft = run.info().peft();
            if (peft != null && Method.parse(peft.method()) == Method.LORA) {
                Lora.merge(run.net());
            }
            // nothing here trains: without gradients, no pass records an autograd graph
            for (Param p : run.net().namedParams().values()) {
                p.setFrozen(true);
            }
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    /**
     * A classifier for a run folder with every option at its default.
     *
     * @param runDir a run folder written by {@code graft train} or {@link dev.graft.TrainedModel#save}
     * @return the classifier; close it to free the weights
     * @throws dev.graft.run.RunException when the folder is not a finished Graft run
     */
    public static Classifier load(Path runDir) {
        return builder().setRun(runDir).build();
    }

    /**
     * A builder for a classifier with options.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The top labels for an image file (JPEG, PNG, BMP or GIF).
     *
     * @param file the image
     * @return the prediction
     * @throws DataException naming the file when it cannot be read or decoded
     */
    public Prediction predict(Path file) {
        return predictFiles(List.of(file)).get(0);
    }

    /**
     * The top labels for a decoded image, in any colour model.
     *
     * @param image the image
     * @return the prediction
     */
    public Prediction predict(BufferedImage image) {
        return predictImages(List.of(image)).get(0);
    }

    /**
     * The top labels for an encoded image (the bytes of a JPEG, PNG, BMP or GIF file).
     *
     * @param encoded the bytes
     * @return the prediction
     * @throws DataException when the bytes are not a readable image
     */
    public Prediction predict(byte[] encoded) {
        return predictEncoded(List.of(encoded)).get(0);
    }

    /**
     * The top labels for several image files, in their order; every file is decoded before any
     * forward pass, so one bad file fails the batch before work is spent.
     *
     * @param files the images
     * @return one prediction per file
     * @throws DataException naming the first file that cannot be read or decoded
     */
    public List<Prediction> predictFiles(List<Path> files) {
        return predictRaw(decode(files, f -> {
            try {
                return ImageDecoder.decode(f);
            } catch (IOException | RuntimeException e) {
                throw new DataException(f + ": " + e.getMessage(), e);
            }
        }));
    }

    /**
     * The top labels for several decoded images, in their order.
     *
     * @param images the images
     * @return one prediction per image
     */
    public List<Prediction> predictImages(List<BufferedImage> images) {
        return predictRaw(decode(images, ImageDecoder::toRgb));
    }

    /**
     * The top labels for several encoded images, in their order.
     *
     * @param encoded the bytes of each image
     * @return one prediction per image
     * @throws DataException naming the index of the first entry that is not a readable image
     */
    public List<Prediction> predictEncoded(List<byte[]> encoded) {
        int[] index = {0};
        return predictRaw(decode(encoded, bytes -> {
            try {
                return ImageDecoder.decode(bytes);
            } catch (IOException | RuntimeException e) {
                throw new DataException("image bytes [" + index[0] + "]: " + e.getMessage(), e);
            } finally {
                index[0]++;
            }
        }));
    }

    private static <T> List<RawImage> decode(List<T> inputs, Function<T, RawImage> f) {
        List<RawImage> out = new ArrayList<>(inputs.size());
        for (T in : inputs) {
            out.add(f.apply(Objects.requireNonNull(in, "image")));
        }
        return out;
    }

    private List<Prediction> predictRaw(List<RawImage> images) {
        checkOpen();
        List<Prediction> out = new ArrayList<>(images.size());
        for (int start = 0; start < images.size(); start += MAX_BATCH) {
            List<RawImage> chunk = images.subList(start, Math.min(images.size(), start + MAX_BATCH));
            float[][] probs;
            passes.acquireUninterruptibly();
            try {
                checkOpen();
                probs = PredictJob.probabilities(run, chunk);
            } finally {
                passes.release();
            }
            for (float[] p : probs) {
                out.add(new Prediction(Scored.top(p, labels(), topK)));
            }
        }
        return out;
    }

    /**
     * Where the model looked in an image file, for the class it predicts: a Grad-CAM heat map at
     * the top of the network's last stage with a spatial map (the feature grid; a ViT's patch-token
     * grid), that class's calibrated probability, and the image with the heat map over it.
     *
     * @param file the image (JPEG, PNG, BMP or GIF)
     * @return the explanation
     * @throws DataException naming the file when it cannot be read or decoded
     */
    public HeatMapPrediction explain(Path file) {
        return explain(file, null);
    }

    /**
     * Where the model looked in an image file for evidence of one class (say, the class a user
     * expected instead of the one predicted).
     *
     * @param file the image
     * @param label one of {@link #labels()}, or null for the predicted class
     * @return the explanation
     * @throws DataException naming the file when it cannot be read or decoded
     * @throws IllegalArgumentException when {@code label} is not one of the model's classes
     */
    public HeatMapPrediction explain(Path file, String label) {
        return explainRaw(decode(List.of(file), f -> {
            try {
                return ImageDecoder.decode(f);
            } catch (IOException | RuntimeException e) {
                throw new DataException(f + ": " + e.getMessage(), e);
            }
        }).get(0), label);
    }

    /**
     * Where the model looked in a decoded image, for the class it predicts.
     *
     * @param image the image, in any colour model
     * @return the explanation
     */
    public HeatMapPrediction explain(BufferedImage image) {
        return explain(image, null);
    }

    /**
     * Where the model looked in a decoded image for evidence of one class.
     *
     * @param image the image, in any colour model
     * @param label one of {@link #labels()}, or null for the predicted class
     * @return the explanation
     * @throws IllegalArgumentException when {@code label} is not one of the model's classes
     */
    public HeatMapPrediction explain(BufferedImage image, String label) {
        return explainRaw(ImageDecoder.toRgb(Objects.requireNonNull(image, "image")), label);
    }

    /**
     * Where the model looked in an encoded image (the bytes of a JPEG, PNG, BMP or GIF file), for
     * the class it predicts.
     *
     * @param encoded the bytes
     * @return the explanation
     * @throws DataException when the bytes are not a readable image
     */
    public HeatMapPrediction explain(byte[] encoded) {
        RawImage img;
        try {
            img = ImageDecoder.decode(Objects.requireNonNull(encoded, "image"));
        } catch (IOException | RuntimeException e) {
            throw new DataException("image bytes: " + e.getMessage(), e);
        }
        return explainRaw(img, null);
    }

    private HeatMapPrediction explainRaw(RawImage img, String label) {
        checkOpen();
        HeatMaps.Input in = heatMaps.prepare(img, label);
        // Grad-CAM hooks an inner module and runs a backward pass: no other pass may run meanwhile
        passes.acquireUninterruptibly(maxConcurrent);
        try {
            checkOpen();
            return heatMaps.explain(in);
        } finally {
            passes.release(maxConcurrent);
        }
    }

    /**
     * How far to trust the probabilities: the temperature they are calibrated with, what it did on
     * the run's validation images (ECE and NLL before and after), and the suggested rejection
     * threshold with its curve.
     *
     * @return the run's calibration, or {@link Calibration#NONE} (T = 1, no threshold) for a run
     *     made before Graft calibrated
     */
    public Calibration calibration() {
        return run.info().calibrationOrNone();
    }

    /**
     * Whether a prediction should be answered "unknown": its top probability is below the rejection
     * threshold {@code graft train} suggested, the one that still accepts 95% of the run's
     * validation images ({@code graft predict --reject-below auto}). Always false for a run without
     * a threshold. For another acceptance rate, compare {@link Prediction#probability()} with
     * {@code calibration().thresholdFor(rate)}.
     *
     * @param prediction a prediction of this classifier
     * @return true when the answer should be "unknown"
     */
    public boolean isUnknown(Prediction prediction) {
        var rejection = calibration().rejection();
        return rejection != null && prediction.probability() < rejection.threshold();
    }

    /**
     * The class names, by output index.
     *
     * @return the labels
     */
    public List<String> labels() {
        return run.info().labels();
    }

    /**
     * The model's provenance, as its {@code graft.json} holds it.
     *
     * @return the run's information
     */
    public RunInfo info() {
        return run.info();
    }

    /**
     * Labels per prediction.
     *
     * @return k
     */
    public int topK() {
        return topK;
    }

    /**
     * How many forward passes may run at once.
     *
     * @return the permits
     */
    public int maxConcurrent() {
        return maxConcurrent;
    }

    /**
     * Waits for the passes in flight, then frees the weights. Later calls fail; closing twice is
     * harmless.
     */
    @Override
    public void close() {
        passes.acquireUninterruptibly(maxConcurrent);
        try {
            if (!closed) {
                closed = true;
                run.close();
            }
        } finally {
            passes.release(maxConcurrent);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this classifier is closed");
        }
    }

    /** Builds a {@link Classifier}; {@link #setRun} is required. */
    public static final class Builder {
        private Path runDir;
        private String baseWeights;
        private Path torchscript;
        private int topK = DEFAULT_TOP_K;
        private int threads = Engines.defaultThreads();
        private int maxConcurrent = DEFAULT_MAX_CONCURRENT;

        private Builder() {}

        /**
         * The run folder to serve.
         *
         * @param runDir a run folder written by {@code graft train} or {@link dev.graft.TrainedModel#save};
         *     required
         * @return this builder
         */
        public Builder setRun(Path runDir) {
            this.runDir = runDir;
            return this;
        }

        /**
         * The base weights of a parameter-efficient run, when they are no longer where the run
         * recorded them; checked by sha256. Ignored for other runs.
         *
         * @param baseWeights a file, a URL or a registry tag; default null: as the run recorded
         * @return this builder
         */
        public Builder optBaseWeights(String baseWeights) {
            this.baseWeights = baseWeights;
            return this;
        }

        /**
         * The TorchScript program of a run whose architecture was cut from one: loading the run
         * runs it, so Graft does so only for a file named here, with the sha256 the run recorded.
         *
         * @param torchscript the program; default null: the run must not need one
         * @return this builder
         */
        public Builder optTorchscript(Path torchscript) {
            this.torchscript = torchscript;
            return this;
        }

        /**
         * Labels per prediction.
         *
         * @param topK at least 1 (fewer come back when the model has fewer classes); default
         *     {@link #DEFAULT_TOP_K} (3)
         * @return this builder
         */
        public Builder optTopK(int topK) {
            this.topK = topK;
            return this;
        }

        /**
         * libtorch threads per forward pass; libtorch takes its count the first time the engine
         * starts in a process.
         *
         * @param threads at least 1; default {@code GRAFT_THREADS} when set, else every core
         * @return this builder
         */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * How many forward passes may run at once (see the class comment for when to raise it).
         *
         * @param maxConcurrent at least 1; default {@link #DEFAULT_MAX_CONCURRENT} (1), a lock
         * @return this builder
         */
        public Builder optMaxConcurrent(int maxConcurrent) {
            this.maxConcurrent = maxConcurrent;
            return this;
        }

        /**
         * Checks the options and loads the run.
         *
         * @return the classifier; close it to free the weights
         * @throws IllegalArgumentException naming the option that is missing or out of range
         * @throws dev.graft.run.RunException when the folder is not a finished Graft run, or a
         *     parameter-efficient run's base weights are missing or differ
         */
        public Classifier build() {
            if (runDir == null) {
                throw new IllegalArgumentException("Classifier: give the run folder as `run`");
            }
            Checks.atLeast("topK", topK, 1);
            Engines.checkThreads("threads", threads, false);
            Checks.atLeast("maxConcurrent", maxConcurrent, 1);
            return new Classifier(this);
        }
    }
}
