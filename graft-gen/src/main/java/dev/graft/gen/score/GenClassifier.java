package dev.graft.gen.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.engine.Engines;
import dev.graft.gen.GenCache;
import dev.graft.gen.GenData;
import dev.graft.gen.GenImages;
import dev.graft.gen.GenModel;
import dev.graft.nn.Ctx;
import dev.graft.train.TrainConfig;
import dev.graft.train.TrainResult;
import dev.graft.train.Trainer;
import dev.graft.io.Hashing;
import dev.graft.weights.Safetensors;
import dev.graft.weights.StateDict;
import dev.graft.weights.WeightsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Fashion-MNIST classifier behind every generator measure: a {@link FeatureNet} trained by
 * Graft's own {@link Trainer} on all ten classes. Graft ships one inside graft-gen
 * ({@value #RESOURCE}); {@code graft gen classifier} retrains it, and {@link #open} takes, in
 * order, an explicit file, the cached copy, or the bundled one.
 */
public final class GenClassifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GenClassifier.class);

    /** Where the bundled classifier sits on the classpath. */
    public static final String RESOURCE = "/dev/graft/gen/fmnist-classifier.safetensors";
    /** Its name in the cache. */
    public static final String CACHE_NAME = "fmnist-classifier.safetensors";
    private static final int BATCH = 500;

    private final FeatureNet net;
    private final NDManager manager;
    private final String source;
    private final String sha256;

    /**
     * Features and predicted classes of a set of images.
     *
     * @param features row-major [n, dim]
     * @param dim features per image
     * @param predicted the argmax class of each image
     */
    public record Embedding(float[] features, int dim, int[] predicted) {
        public int count() {
            return predicted.length;
        }
    }

    private GenClassifier(FeatureNet net, NDManager manager, String source, String sha256) {
        this.net = net;
        this.manager = manager;
        this.source = source;
        this.sha256 = sha256;
    }

    /** Opens the classifier in {@code file}, or (null) the cached one, or the bundled one. */
    public static GenClassifier open(Path file) {
        Path f = file != null ? file : locate();
        if (!Files.isRegularFile(f)) {
            throw new WeightsException(f + ": no such classifier file; give a file written by graft gen classifier");
        }
        NDManager m = Engines.newManager();
        try {
            FeatureNet net = new FeatureNet();
            net.materialize(m, 0);
            GenModel.load(net, Safetensors.read(f), f.toString());
            return new GenClassifier(net, m, f.toString(), Hashing.sha256(f));
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e instanceof RuntimeException re ? re : new WeightsException(f + ": cannot read", e);
        }
    }

    /** The cached classifier, copied there from the bundled one on first use. */
    static Path locate() {
        Path cached = GenCache.resolve(CACHE_NAME);
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        try (InputStream in = GenClassifier.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new WeightsException("no Fashion-MNIST classifier: this build lacks " + RESOURCE + " and "
                        + cached + " does not exist; make one with 'graft gen classifier'");
            }
            Files.createDirectories(cached.getParent());
            Path tmp = Files.createTempFile(cached.getParent(), ".classifier", ".tmp");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING);
            return cached;
        } catch (IOException e) {
            throw new WeightsException("cannot copy the bundled classifier to " + cached + ": " + e.getMessage(), e);
        }
    }

    public String source() {
        return source;
    }

    public String sha256() {
        return sha256;
    }

    /** Features and predictions of {@code n} images in [-1, 1], [n, 1, 28, 28]. */
    public Embedding embed(float[] images, int n) {
        int per = images.length / Math.max(1, n);
        int side = (int) Math.round(Math.sqrt(per));
        float[] feats = new float[n * FeatureNet.FEATURES];
        int[] pred = new int[n];
        for (int first = 0; first < n; first += BATCH) {
            int count = Math.min(BATCH, n - first);
            try (NDManager sm = manager.newSubManager()) {
                float[] chunk = java.util.Arrays.copyOfRange(images, first * per, (first + count) * per);
                NDArray f = net.features(sm.create(chunk, new Shape(count, 1, side, side)), Ctx.EVAL);
                System.arraycopy(f.toFloatArray(), 0, feats, first * FeatureNet.FEATURES, count * FeatureNet.FEATURES);
                long[] p = net.logits(f, Ctx.EVAL).argMax(1).toLongArray();
                for (int k = 0; k < count; k++) {
                    pred[first + k] = (int) p[k];
                }
            }
        }
        return new Embedding(feats, FeatureNet.FEATURES, pred);
    }

    /** Features and predictions of a set of images. */
    public Embedding embed(GenImages images) {
        return embed(images.pixels(), images.count());
    }

    /**
     * Test accuracy of a training, with what produced it.
     *
     * @param testAccuracy share of Fashion-MNIST's 10,000 test images classified right
     * @param train the training history
     */
    public record Trained(double testAccuracy, TrainResult train) {}

    /**
     * Trains a classifier on all of Fashion-MNIST's training images but 100 per class (for
     * validation) and writes it to {@code out}, with its test accuracy in the file's metadata.
     */
    public static Trained train(Path out, int epochs, long seed) {
        dev.graft.check.Checks.range("epochs", epochs, 1, 10_000);
        GenData data = GenData.open("fashion-mnist", 0, 100, seed);
        LOG.info("classifier data: " + data.description());
        TrainConfig cfg = TrainConfig.builder().epochs(epochs).batchSize(128).lr(3e-3f).weightDecay(1e-4f)
                .warmupEpochs(0.2f).labelSmoothing(0f).patience(0).seed(seed).build();
        try (NDManager m = Engines.newManager()) {
            FeatureNet net = new FeatureNet();
            net.materialize(m, seed);
            TrainResult r = new Trainer(net, cfg, "classifier", java.util.Map.of(), List.of(new dev.graft.train
                    .TrainListener() {
                @Override
                public void onEpochEnd(dev.graft.train.TrainContext ctx, dev.graft.train.EpochMetrics e) {
                    LOG.info(String.format("epoch %d: train loss %.4f, val accuracy %.4f (%.0f s)", e.epoch(),
                            e.trainLoss(), e.valAcc(), e.seconds()));
                }
            })).fit(new ImageBatchesInMemory(data.train(), data.val(), cfg.batchSize(), seed));
            GenClassifier c = new GenClassifier(net, m, out.toString(), "");
            Embedding test = c.embed(data.test());
            long right = 0;
            for (int i = 0; i < test.count(); i++) {
                right += test.predicted()[i] == data.test().classes()[i] ? 1 : 0;
            }
            double acc = (double) right / test.count();
            StateDict sd = net.stateDict();
            sd.metadata().put("graft", "Fashion-MNIST feature classifier for generator scores");
            sd.metadata().put("made_by", "graft gen classifier --epochs " + epochs + " --seed " + seed);
            sd.metadata().put("test_accuracy", String.format("%.4f", acc));
            Safetensors.write(sd, out);
            LOG.info(String.format("classifier: test accuracy %.4f on %d images -> %s", acc, test.count(), out));
            return new Trained(acc, r);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
