package dev.graft.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.Graft;
import dev.graft.TrainedModel;
import dev.graft.data.DataException;
import dev.graft.data.ImageDecoder;
import dev.graft.data.Preprocess;
import dev.graft.job.LoadedRun;
import dev.graft.job.PredictJob;
import dev.graft.recipe.Strategy;
import dev.graft.run.RunException;
import dev.graft.source.ImageFolder;
import dev.graft.testing.AllClose;
import dev.graft.testing.Fixtures;
import dev.graft.testing.TinyFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The serving classifier: concurrent callers get exactly the serial answers; LoRA and adapter runs serve with their base. */
class ClassifierTest {
    static final int SIZE = 16;
    @TempDir
    static Path tmp;
    static Path data;
    static Path base;
    static Path plain;
    static List<Path> files;

    @BeforeAll
    static void setUp() throws Exception {
        data = TinyFolder.write(tmp.resolve("data"), 3, 8, SIZE, 2);
        base = Fixtures.writeSyntheticWeights("resnet18_small", 5, tmp.resolve("base.safetensors"));
        plain = train(Strategy.FINE_TUNE, "plain");
        try (Stream<Path> s = Files.walk(data)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static Path train(Strategy s, String name) {
        Path out = tmp.resolve(name);
        try (TrainedModel m = Graft.fineTune(ImageFolder.of(data)).setModel("resnet18_small")
                .setWeights(base.toString()).optStrategy(s)
                .optPreprocess(new Preprocess(SIZE, SIZE, Preprocess.FMNIST_MEAN, Preprocess.FMNIST_STD))
                .optEpochs(1).optHeadEpochs(1).optBatchSize(6).optLr(1e-2f).optThreads(1).optSeed(3)
                .optOut(out).fit()) {
            return m.runDir();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void concurrentCallersGetTheSerialAnswers(int permits) throws Exception {
        try (Classifier c = Classifier.builder().setRun(plain).optMaxConcurrent(permits).optTopK(2).build()) {
            List<Prediction> serial = new ArrayList<>();
            for (Path f : files) {
                serial.add(c.predict(f));
            }
            List<Prediction> batch = c.predictFiles(files);
            for (int i = 0; i < files.size(); i++) {
                // one pass over a batch sums in another order than single passes: equal to float rounding
                for (int j = 0; j < 2; j++) {
                    assertEquals(serial.get(i).top().get(j).label(), batch.get(i).top().get(j).label());
                    assertEquals(serial.get(i).top().get(j).probability(), batch.get(i).top().get(j).probability(),
                            1e-5, "a batch answers what single calls answer");
                }
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<List<Prediction>>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int shift = t;
                    results.add(pool.submit(() -> {
                        List<Prediction> mine = new ArrayList<>();
                        for (int i = 0; i < files.size(); i++) {
                            mine.add(c.predict(files.get((i + shift) % files.size())));
                        }
                        return mine;
                    }));
                }
                for (int t = 0; t < 8; t++) {
                    List<Prediction> mine = results.get(t).get();
                    for (int i = 0; i < files.size(); i++) {
                        assertEquals(serial.get((i + t) % files.size()), mine.get(i), "caller " + t + ", image " + i);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lora", "adapter"})
    void parameterEfficientRunsServeWithTheirBase(String strategy) throws Exception {
        Path run = train(Strategy.parse(strategy), strategy);
        float[][] expected;
        try (LoadedRun r = LoadedRun.open(run, 1, base.toString())) {
            expected = PredictJob.probabilities(r, List.of(ImageDecoder.decode(files.get(0)),
                    ImageDecoder.decode(files.get(20))));
        }
        // the run names a local base file, which its folder alone may not make Graft open
        RunException unnamed = assertThrows(RunException.class, () -> Classifier.load(run));
        assertTrue(unnamed.getMessage().contains("add `baseWeights`"), unnamed.getMessage());
        try (Classifier c = Classifier.builder().setRun(run).optBaseWeights(base.toString()).build()) {
            List<Prediction> got = c.predictFiles(List.of(files.get(0), files.get(20)));
            for (int i = 0; i < 2; i++) {
                float[] p = new float[3];
                for (var s : got.get(i).top()) {
                    p[c.labels().indexOf(s.label())] = (float) s.probability();
                }
                AllClose.assertAllClose(p, expected[i], 1e-5, 1e-6, strategy + " image " + i);
            }
        }
    }

    @Test
    void closedClassifiersRefuseAndBadInputIsNamed() throws Exception {
        Classifier c = Classifier.load(plain);
        Path notAnImage = Files.writeString(tmp.resolve("notes.jpg"), "hello");
        DataException e = assertThrows(DataException.class, () -> c.predictFiles(List.of(files.get(0), notAnImage)));
        assertTrue(e.getMessage().startsWith(notAnImage.toString()), e.getMessage());
        c.close();
        c.close();
        assertThrows(IllegalStateException.class, () -> c.predict(files.get(0)));
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> Classifier.builder().setRun(plain).optTopK(0).build());
        assertTrue(k.getMessage().contains("topK"), k.getMessage());
    }
}
