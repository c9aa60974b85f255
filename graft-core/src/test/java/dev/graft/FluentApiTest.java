package dev.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.data.DataException;
import dev.graft.data.Preprocess;
import dev.graft.eval.Evaluation;
import dev.graft.job.LoadedRun;
import dev.graft.job.PredictJob;
import dev.graft.job.TrainJob;
import dev.graft.recipe.Strategy;
import dev.graft.run.RunException;
import dev.graft.serve.Classifier;
import dev.graft.serve.Prediction;
import dev.graft.source.ImageFolder;
import dev.graft.source.ImageList;
import dev.graft.source.LabeledImage;
import dev.graft.testing.Fixtures;
import dev.graft.testing.TinyFolder;
import dev.graft.io.Hashing;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fluent API end to end: fit, evaluate, save, load, classify; the same run as the job the CLI calls. */
class FluentApiTest {
    static final int SIZE = 16;
    static final Preprocess PRE = new Preprocess(SIZE, SIZE, Preprocess.FMNIST_MEAN, Preprocess.FMNIST_STD);
    @TempDir
    static Path tmp;
    static Path data;
    static Path base;

    @BeforeAll
    static void setUp() throws Exception {
        data = TinyFolder.write(tmp.resolve("data"), 3, 8, SIZE, 1);
        base = Fixtures.writeSyntheticWeights("resnet18_small", 5, tmp.resolve("base.safetensors"));
    }

    static FineTuning.Builder tiny(dev.graft.source.DataSource source) {
        return Graft.fineTune(source).setModel("resnet18_small").setWeights(base.toString()).optPreprocess(PRE)
                .optEpochs(1).optHeadEpochs(1).optBatchSize(6).optThreads(1).optSeed(7);
    }

    @Test
    void fitEvaluateSaveLoadAndClassify() throws Exception {
        Path saved = tmp.resolve("saved");
        Path temporary;
        Evaluation trainedScore;
        try (TrainedModel model = tiny(ImageFolder.of(data)).fit()) {
            temporary = model.runDir();
            assertTrue(Files.isRegularFile(temporary.resolve("graft.json")), "fit writes a run folder");
            assertEquals(List.of("c0", "c1", "c2"), model.labels());
            assertEquals("fine-tune", model.info().strategy());
            assertEquals(Hashing.sha256(base), model.info().base().sha256(), "provenance names the base weights");
            trainedScore = model.evaluate(ImageFolder.of(data));
            assertEquals(24, trainedScore.total(), "a folder without test/ or val/ is evaluated whole");
            model.save(saved);
            RunException again = assertThrows(RunException.class, () -> model.save(saved));
            assertTrue(again.getMessage().contains(saved.toString()), again.getMessage());
        }
        assertFalse(Files.exists(temporary), "closing deletes the temporary run folder");
        assertThrows(IllegalStateException.class, () -> {
            TrainedModel m = Graft.load(saved);
            m.close();
            m.evaluate(ImageFolder.of(data));
        });
        try (TrainedModel loaded = Graft.load(saved)) {
            Evaluation e = loaded.evaluate(ImageFolder.of(data));
            assertArrayEquals(trainedScore.confusion(), e.confusion(), "the saved model scores as the trained one");
            assertEquals(trainedScore.loss(), e.loss(), 1e-9);
        }
        Path png = data.resolve("c1").resolve("img002.png");
        List<PredictJob.Prediction> cli;
        try (LoadedRun r = LoadedRun.open(saved, 1)) {
            cli = PredictJob.run(r, List.of(png), 3);
        }
        try (Classifier c = Classifier.load(saved)) {
            Prediction fromFile = c.predict(png);
            assertEquals(cli.get(0).top(), fromFile.top(), "the classifier answers what graft predict answers");
            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(fromFile.top(), c.predict(img).top(), "a decoded image gives the same answer");
            assertEquals(fromFile.top(), c.predict(Files.readAllBytes(png)).top(), "encoded bytes give the same answer");
            assertEquals(3, fromFile.top().size());
            DataException bad = assertThrows(DataException.class, () -> c.predict(new byte[] {1, 2, 3}));
            assertTrue(bad.getMessage().startsWith("image bytes [0]"), bad.getMessage());
        }
    }

    @Test
    void theBuilderRunsWhatTheCommandLineJobRuns() throws Exception {
        FineTuning ft = tiny(ImageFolder.of(data)).optOut(tmp.resolve("api-run")).build();
        try (TrainedModel model = ft.fit()) {
            assertEquals(tmp.resolve("api-run"), model.runDir());
        }
        TrainJob.run(ft.toRequest(tmp.resolve("job-run")), List.of());
        assertEquals(Hashing.sha256(tmp.resolve("job-run/model.safetensors")),
                Hashing.sha256(tmp.resolve("api-run/model.safetensors")), "same settings, same weights");
        assertTrue(Files.isDirectory(tmp.resolve("api-run")), "a run folder given by the caller stays");
    }

    @Test
    void imagesHandedOverInCodeTrainAndEvaluate() throws Exception {
        List<LabeledImage> images = new ArrayList<>();
        for (String c : List.of("c0", "c1", "c2")) {
            try (var files = Files.list(data.resolve(c))) {
                for (Path f : files.sorted().toList()) {
                    images.add(new LabeledImage(ImageIO.read(f.toFile()), "class " + c));
                }
            }
        }
        ImageList list = ImageList.builder().setImages(images).optName("bars").optValFraction(0.25).build();
        try (TrainedModel model = tiny(list).fit()) {
            assertEquals(List.of("class c0", "class c1", "class c2"), model.labels());
            assertEquals(18, model.info().data().trainImages(), "a quarter of each class held out");
            assertEquals(24, model.evaluate(list).total());
            List<LabeledImage> stranger = List.of(new LabeledImage(images.get(0).image(), "zebra"));
            DataException e = assertThrows(DataException.class, () -> model.evaluate(ImageList.of(stranger)));
            assertTrue(e.getMessage().contains("'zebra'"), e.getMessage());
        }
    }

    @Test
    void buildRefusesIncompleteSettingsNamingThem() {
        ImageFolder folder = ImageFolder.of(data);
        IllegalArgumentException noWeights = assertThrows(IllegalArgumentException.class,
                () -> Graft.fineTune(folder).setModel("resnet18_small").build());
        assertTrue(noWeights.getMessage().contains("setWeights"), noWeights.getMessage());
        IllegalArgumentException noModel = assertThrows(IllegalArgumentException.class,
                () -> Graft.fineTune(folder).setWeights(base.toString()).build());
        assertTrue(noModel.getMessage().contains("setModel"), noModel.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Graft.fineTune(folder).setModel("resnet7").optStrategy(Strategy.SCRATCH).build());
        IllegalArgumentException noData = assertThrows(IllegalArgumentException.class,
                () -> FineTuning.builder().setModel("resnet18_small").optStrategy(Strategy.SCRATCH).build());
        assertTrue(noData.getMessage().contains("setData"), noData.getMessage());
        assertEquals("resnet18_small", Graft.fineTune(folder).setWeights("resnet18_small.fmnist_src").build()
                .toRequest(tmp).arch(), "a registry tag names its architecture");
        assertThrows(DataException.class, () -> ImageFolder.of(tmp.resolve("nowhere")));
        IllegalArgumentException split = assertThrows(IllegalArgumentException.class,
                () -> ImageFolder.builder().setRoot(data).optValFraction(1.5).build());
        assertTrue(split.getMessage().contains("valFraction"), split.getMessage());
    }
}
