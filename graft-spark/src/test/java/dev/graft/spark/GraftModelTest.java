package dev.graft.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.calibration.Calibration;
import dev.graft.data.Preprocess;
import dev.graft.eval.Scored;
import dev.graft.job.LoadedRun;
import dev.graft.job.PredictJob;
import dev.graft.model.HeadSpec;
import dev.graft.run.RunDir;
import dev.graft.run.RunInfo;
import dev.graft.testing.Fixtures;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch prediction from a run folder agrees exactly with {@code graft predict}'s job, one image per pass. */
public class GraftModelTest {
    static final List<String> LABELS = List.of("Bag", "Sneaker", "Trouser");

    @TempDir
    static Path tmp;
    static Path run;
    static List<Path> files;

    /** A run folder as graft train writes it, with synthetic weights, a 3-class head and a temperature. */
    public static Path writeRun(Path dir) {
        try {
            RunDir rd = new RunDir(Files.createDirectories(dir));
            Fixtures.writeSyntheticWeights("resnet18_small", 3, rd.model());
            rd.writeInfo(new RunInfo(1, "2026-11-30T00:00:00Z", Map.of(), "resnet18_small", HeadSpec.LINEAR, null,
                    LABELS, Preprocess.fashionMnist(), "linear-probe", Map.of(), 42, null, Map.of(),
                    new RunInfo.FileRef(RunDir.MODEL, dev.graft.io.Hashing.sha256(rd.model())))
                    // a temperature far from 1, so probabilities that ignored it would differ from predict's
                    .withCalibration(new Calibration(2.5, 30, 1.2, 0.9, 0.2, 0.05, null, null)));
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void setUp() throws IOException {
        run = writeRun(tmp.resolve("run"));
        files = TestImages.write(tmp.resolve("images"), new int[] {1, 7, 8}, 4, 0);
        Files.write(files.get(0).resolveSibling("broken.png"), new byte[] {1, 2, 3});
    }

    @Test
    void predictionsMatchPredictJobAndSurviveSaveLoad() throws IOException {
        SparkSession spark = LocalSpark.get();
        var images = GraftImages.binaryFiles(spark, tmp.resolve("images").toString());
        GraftModel model = new GraftModel().setRun(run.toString()).setBatchSize(1);
        assertEquals(LABELS, model.labels(spark));
        List<Row> rows = model.transform(images).select("path", "prediction", "probability", "predictedLabel")
                .collectAsList();
        assertEquals(files.size() + 1, rows.size());
        assertEquals(1L, model.badImages().value());

        Map<String, Scored> expected = new HashMap<>();
        try (LoadedRun lr = LoadedRun.open(run, 1)) {
            for (PredictJob.Prediction p : PredictJob.run(lr, files, 1)) {
                expected.put(p.file().toAbsolutePath().toString(), p.top().get(0));
            }
        }
        for (Row r : rows) {
            String path = Path.of(URI.create(r.getString(0))).toString();
            if (path.endsWith("broken.png")) {
                assertNull(r.get(1));
                continue;
            }
            Scored want = expected.get(path);
            assertEquals(want.label(), r.getString(3), path);
            Vector p = (Vector) r.get(2);
            assertEquals(LABELS.indexOf(want.label()), (int) r.getDouble(1));
            assertEquals(want.probability(), p.apply((int) r.getDouble(1)), 0.0, path);
        }

        String saved = tmp.resolve("saved").toString();
        model.write().overwrite().save(saved);
        assertTrue(Files.isRegularFile(Path.of(saved, "model", RunDir.MODEL)), "the run's weights travel with the stage");
        GraftModel loaded = GraftModel.load(saved);
        List<Row> again = loaded.transform(images).select("path", "prediction", "probability", "predictedLabel")
                .collectAsList();
        assertEquals(rows.stream().sorted((a, b) -> a.getString(0).compareTo(b.getString(0))).toList(),
                again.stream().sorted((a, b) -> a.getString(0).compareTo(b.getString(0))).toList());
    }
}
