package dev.graft;

import dev.graft.data.CsvImages;
import dev.graft.data.FolderImages;
import dev.graft.data.ImageSource;
import dev.graft.eval.Evaluation;
import dev.graft.calibration.Calibration;
import dev.graft.job.EvaluateJob;
import dev.graft.job.LoadedRun;
import dev.graft.job.ReviewJob;
import dev.graft.review.Review;
import dev.graft.job.Trusted;
import dev.graft.run.OutputFolder;
import dev.graft.run.RunDir;
import dev.graft.run.RunException;
import dev.graft.run.RunInfo;
import dev.graft.serve.Classifier;
import dev.graft.source.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trained model and its provenance: what {@link FineTuning#fit} returns and {@link Graft#load}
 * opens. It lives in a run folder (weights, {@code graft.json}, {@code metrics.jsonl}), holds its
 * network in native memory until {@link #close}, and carries everything needed to trust and
 * reproduce it in {@link #info()}: base weights and their sha256, data fingerprints, the resolved
 * configuration, the seed and the versions of Graft, DJL, libtorch and Java.
 *
 * <p>One thread at a time: evaluation and saving are serialised. For serving many callers, take a
 * {@link #classifier()}.
 */
public final class TrainedModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainedModel.class);
    private final Path runDir;
    private final boolean temporary;
    private final Trusted trusted;
    private final int threads;
    private final LoadedRun run;
    private boolean closed;

    private TrainedModel(Path runDir, Trusted trusted, int threads, boolean temporary) {
        this.runDir = runDir;
        this.trusted = trusted;
        this.threads = threads;
        this.temporary = temporary;
        this.run = LoadedRun.open(runDir, threads, trusted);
    }

    static TrainedModel open(Path runDir, Trusted trusted, int threads) {
        return new TrainedModel(runDir, trusted, threads, false);
    }

    static TrainedModel trained(Path runDir, Trusted trusted, int threads, boolean temporary) {
        try {
            return new TrainedModel(runDir, trusted, threads, temporary);
        } catch (RuntimeException e) {
            if (temporary) {
                deleteTree(runDir);
            }
            throw e;
        }
    }

    /**
     * The model's provenance, as its {@code graft.json} holds it.
     *
     * @return architecture, head, base weights, labels, preprocessing, strategy, resolved
     *     configuration, seed, data fingerprints, scores and versions
     */
    public RunInfo info() {
        return run.info();
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
     * The run folder the model lives in; temporary (deleted on {@link #close}) unless training
     * was given one or the model was loaded from one.
     *
     * @return the folder
     */
    public Path runDir() {
        return runDir;
    }

    /**
     * Scores the model on a source's test images (an {@link dev.graft.source.ImageFolder}'s
     * {@code test/} or {@code val/} subfolder, Fashion-MNIST's test split, every row of a CSV, every
     * image of an {@link dev.graft.source.ImageList}), in inference mode. Writes nothing.
     *
     * @param data images of the model's classes
     * @return accuracy, per-class precision, recall and F1, the confusion matrix and the loss
     * @throws dev.graft.data.DataException when the data holds a class the model does not know
     */
    public synchronized Evaluation evaluate(DataSource data) {
        checkOpen();
        ImageSource images = data.testImages(labels(), threads);
        List<String> skipped = images instanceof FolderImages f ? f.skipped()
                : images instanceof CsvImages c ? c.skipped() : List.of();
        if (!skipped.isEmpty()) {
            LOG.warn("skipped " + skipped.size() + " unreadable image(s), e.g. " + skipped.get(0));
        }
        return EvaluateJob.evaluate(run, images, threads, false);
    }

    /**
     * How far to trust the model's probabilities: the temperature {@link #evaluate} and
     * {@link #classifier()} apply, fitted on the validation images at the end of training, and the
     * suggested rejection threshold.
     *
     * @return the run's calibration, or {@link Calibration#NONE} (T = 1) for a run made before
     *     Graft calibrated
     */
    public Calibration calibration() {
        return run.info().calibrationOrNone();
    }

    /**
     * Which labels of a data set look wrong: out-of-sample probabilities from 5-fold cross-fitting
     * (a linear probe per fold on the features of the model's pretrained base network, which never
     * saw these labels), then confident learning; also the most confused class pairs and the
     * highest-loss images. Writes {@code review.html} (self-contained, with Grad-CAM overlays) and
     * {@code review.json} into {@code out}, as {@code graft review} does.
     *
     * @param data the images to review, labelled with the model's classes: an
     *     {@link dev.graft.source.ImageFolder} (its {@code train/} subfolder when there is one, else
     *     all of it), or {@link dev.graft.source.FashionMnistClasses} (the model's own training
     *     images, from its run folder's {@code request.json})
     * @param out a new or empty folder, or an earlier review to replace
     * @return the review; {@link Review#labelIssues()} lists the likely mislabeled images, most
     *     likely first, each with its file, given label, suggested label and score
     * @throws RunException when {@code out} holds files Graft did not write, or is an input
     */
    public synchronized Review review(DataSource data, Path out) {
        checkOpen();
        return ReviewJob.run(run, data.toDataConfig(ReviewJob.Options.DEFAULTS.seed(), threads).data(), out, true,
                ReviewJob.Options.DEFAULTS, threads);
    }

    /**
     * Copies the run folder to {@code dir}, which {@link Graft#load}, {@link Classifier#load} and
     * {@code graft predict|evaluate|merge --run} then open. Saving to the folder the model lives in
     * does nothing.
     *
     * @param dir a new or empty folder
     * @throws RunException when {@code dir} already holds files, or cannot be written
     */
    public synchronized void save(Path dir) {
        checkOpen();
        if (dir.toAbsolutePath().normalize().equals(runDir.toAbsolutePath().normalize())) {
            return;
        }
        OutputFolder folder = OutputFolder.prepare(dir, false, RunDir.KIND, Map.of("the model's run folder", runDir));
        try (Stream<Path> files = Files.list(runDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                // request.json and the checkpoint serve only `resume`, and a finished run has nothing to resume
                if (Files.isRegularFile(f) && !name.equals(RunDir.CHECKPOINT) && !name.equals(RunDir.REQUEST)) {
                    Files.copy(f, folder.dir().resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new RunException(dir + ": cannot save the run there (" + e.getMessage() + ")");
        }
        folder.commit();
    }

    /**
     * A classifier for serving this model: its own copy of the weights, safe for concurrent
     * callers, open until closed (independently of this model).
     *
     * @return a new classifier with default options
     */
    public synchronized Classifier classifier() {
        checkOpen();
        return Classifier.builder().setRun(runDir).optBaseWeights(trusted.base()).optTorchscript(trusted.torchscript())
                .optThreads(threads).build();
    }

    /**
     * What the user named for this model's run folder (base weights, a TorchScript program), which
     * reopening the folder needs again; ONNX export ({@code dev.graft.export.OnnxExport} in
     * graft-onnx, which graft-core cannot depend on) takes it from here.
     *
     * @return the named files, or {@link Trusted#NONE}
     */
    public Trusted trusted() {
        return trusted;
    }

    /** Frees the network's native memory and deletes a temporary run folder. Closing twice is harmless. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        run.close();
        if (temporary) {
            deleteTree(runDir);
        }
    }

    @Override
    public String toString() {
        RunInfo i = run.info();
        return "TrainedModel " + i.arch() + " " + i.strategy() + " " + i.labels() + " in " + runDir;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this model is closed");
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder left behind is not worth failing a run over
        }
    }
}
