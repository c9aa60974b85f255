package dev.graft.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.graft.Graft;
import dev.graft.TrainedModel;
import dev.graft.data.ImageDecoder;
import dev.graft.data.Preprocess;
import dev.graft.data.Transforms;
import dev.graft.eval.Outputs;
import dev.graft.eval.Scored;
import dev.graft.explain.Explanation;
import dev.graft.explain.GradCam;
import dev.graft.job.LoadedRun;
import dev.graft.nn.Ctx;
import dev.graft.recipe.Strategy;
import dev.graft.source.ImageFolder;
import dev.graft.testing.Fixtures;
import dev.graft.testing.TinyFolder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving classifier's trust API: probabilities calibrated with the run's temperature, the
 * run's rejection threshold, and Grad-CAM heat maps that equal the library's own and survive
 * concurrent predictions.
 */
class ClassifierTrustTest {
    static final int SIZE = 32;
    static final double T = 2.5;
    @TempDir
    static Path tmp;
    static Path run;
    static Path trained;
    static Path base;
    static Path data;
    static List<Path> files;

    @BeforeAll
    static void setUp() throws Exception {
        data = TinyFolder.write(tmp.resolve("data"), 3, 8, SIZE, 2);
        base = Fixtures.writeSyntheticWeights("resnet18_small", 5, tmp.resolve("base.safetensors"));
        try (TrainedModel m = Graft.fineTune(ImageFolder.of(data)).setModel("resnet18_small")
                .setWeights(base.toString()).optStrategy(Strategy.FINE_TUNE)
                .optPreprocess(new Preprocess(SIZE, SIZE, Preprocess.FMNIST_MEAN, Preprocess.FMNIST_STD))
                .optEpochs(1).optHeadEpochs(1).optBatchSize(6).optLr(1e-2f).optThreads(1).optSeed(3)
                .optOut(tmp.resolve("trained")).fit()) {
            trained = m.runDir();
        }
        // the same run with a temperature far from 1 and a threshold every prediction here falls below
        run = Files.createDirectories(tmp.resolve("calibrated"));
        try (Stream<Path> s = Files.list(trained)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Files.copy(f, run.resolve(f.getFileName()));
            }
        }
        JsonObject info = new Gson().fromJson(Files.readString(run.resolve("graft.json")), JsonObject.class);
        double[] curve = new double[101];
        Arrays.fill(curve, 0.99);
        info.add("calibration", new Gson().toJsonTree(new dev.graft.calibration.Calibration(T, 6, 1, 1, 0.1, 0.1,
                new dev.graft.calibration.Rejection("msp", 0.95, 0.99, curve), null)));
        Files.writeString(run.resolve("graft.json"), new Gson().toJson(info));
        try (Stream<Path> s = Files.walk(data)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** The network's logits for a file, straight from the run's network. */
    static float[] logits(LoadedRun r, Path f) throws Exception {
        Preprocess p = r.info().preprocess();
        float[] x = Transforms.eval(ImageDecoder.decode(f), p);
        return r.net().forward(r.manager().create(x, new Shape(1, 3, p.size(), p.size())), Ctx.EVAL).toFloatArray();
    }

    @Test
    void probabilitiesAreSoftmaxOfLogitsOverTheRunsTemperature() throws Exception {
        try (LoadedRun r = LoadedRun.open(run, 1); Classifier c = Classifier.builder().setRun(run).optTopK(3).build()) {
            assertEquals(T, c.calibration().temperature());
            for (Path f : files.subList(0, 4)) {
                float[] want = Outputs.softmax(logits(r, f), T);
                float[] plain = Outputs.softmax(logits(r, f), 1);
                Prediction p = c.predict(f);
                for (Scored s : p.top()) {
                    int k = c.labels().indexOf(s.label());
                    assertEquals(want[k], s.probability(), 1e-6, f + ": softmax(logits / T)");
                    assertTrue(Math.abs(plain[k] - s.probability()) > 1e-3, "T changes the numbers");
                }
                assertTrue(c.isUnknown(p), "below the run's threshold 0.99: " + p);
            }
        }
    }

    @Test
    void explainGivesTheLibrarysHeatMapAndThePredictedProbability() throws Exception {
        Path f = files.get(5);
        Explanation direct;
        try (LoadedRun r = LoadedRun.open(run, 1)) {
            Preprocess p = r.info().preprocess();
            float[] x = Transforms.eval(ImageDecoder.decode(f), p);
            direct = GradCam.of(r.net(), p.size()).explain(r.manager().create(x, new Shape(1, 3, p.size(), p.size())),
                    null).get(0);
        }
        try (Classifier c = Classifier.builder().setRun(run).optTopK(3).build()) {
            Prediction pred = c.predict(f);
            HeatMapPrediction e = c.explain(f);
            assertEquals(pred.label(), e.label());
            assertEquals(pred.probability(), e.probability(), 1e-6, "the calibrated probability predict gives");
            assertEquals(direct.layer(), e.layer());
            assertEquals(direct.heatMap().rows(), e.heatMap().length);
            double sum = 0;
            for (int i = 0; i < e.heatMap().length; i++) {
                assertArrayEquals(direct.heatMap().grid()[i], e.heatMap()[i], 1e-6, "row " + i);
                sum += Arrays.stream(e.heatMap()[i]).sum();
            }
            assertEquals(1.0, sum, 1e-5);
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(e.overlayPng()));
            assertTrue(png.getWidth() >= 224, "an overlay enlarged for viewing");

            String other = pred.top().get(1).label();
            HeatMapPrediction o = c.explain(ImageIO.read(f.toFile()), other);
            assertEquals(other, o.label());
            assertEquals(pred.top().get(1).probability(), o.probability(), 1e-6);
            assertFalse(Arrays.deepEquals(e.heatMap(), o.heatMap()), "another class, another map");
            assertEquals(e.label(), c.explain(Files.readAllBytes(f)).label());
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> c.explain(f, "zebra"));
            assertTrue(bad.getMessage().contains("`label` 'zebra'"), bad.getMessage());
        }
    }

    @Test
    void explanationsAndConcurrentPredictionsDoNotMix() throws Exception {
        try (Classifier c = Classifier.builder().setRun(run).optMaxConcurrent(3).build()) {
            List<Prediction> serial = new ArrayList<>();
            for (Path f : files) {
                serial.add(c.predict(f));
            }
            HeatMapPrediction alone = c.explain(files.get(0));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    int shift = t;
                    work.add(pool.submit(() -> {
                        for (int i = 0; i < files.size(); i++) {
                            int k = (i + shift) % files.size();
                            assertEquals(serial.get(k), c.predict(files.get(k)), "image " + k);
                        }
                        return null;
                    }));
                }
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 6; i++) {
                        assertTrue(Arrays.deepEquals(alone.heatMap(), c.explain(files.get(0)).heatMap()),
                                "explanation " + i + " read another pass's activations");
                    }
                    return null;
                }));
                for (Future<?> w : work) {
                    w.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aTrainedModelReviewsItsLabelsAndSaysHowFarToTrustIt() throws Exception {
        Path out = tmp.resolve("review");
        try (TrainedModel m = Graft.load(trained, new dev.graft.job.Trusted(base.toString(), null))) {
            assertEquals(m.info().calibrationOrNone(), m.calibration());
            dev.graft.review.Review r = m.review(ImageFolder.of(data), out);
            assertEquals(24, r.images());
            assertEquals("base", r.features(), "the probe reads the base network's features");
            for (dev.graft.review.Review.LabelIssue i : r.labelIssues()) {
                assertTrue(files.contains(Path.of(i.file())), i.file());
                assertFalse(i.given().equals(i.suggested()));
            }
        }
        JsonObject written = new Gson().fromJson(Files.readString(out.resolve("review.json")), JsonObject.class);
        assertEquals(1, written.get("format").getAsInt());
        assertTrue(Files.isRegularFile(out.resolve("review.html")));
    }
}
