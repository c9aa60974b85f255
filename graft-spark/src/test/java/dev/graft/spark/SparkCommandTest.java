package dev.graft.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.spark.cli.SparkCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code graft spark featurize|train|predict} run end to end in local[2], with Graft's exit codes. */
class SparkCommandTest {
    @TempDir
    static Path tmp;
    static Path data;
    static Path weights;

    @BeforeAll
    static void setUp() throws IOException {
        data = tmp.resolve("data");
        TestImages.write(data, new int[] {1, 8}, 8, 0);
        Files.writeString(data.resolve("Bag").resolve("notes.png"), "not an image");
        weights = Plain.syntheticWeights("resnet18_small", tmp.resolve("w.safetensors"));
        LocalSpark.get(); // the commands reuse this session and leave it running
    }

    /** Exit code and stdout of one command. */
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = SparkCommand.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void featurizeWritesParquetAndCountsTheBadFile() {
        String out = tmp.resolve("features").toString();
        Run r = run("featurize", "--data", data.toString(), "--model", "resnet18_small", "--weights",
                weights.toString(), "--out", out);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("featurized 17 images (1 unreadable"), r.out());
        assertEquals(17, LocalSpark.get().read().parquet(out).count());
        Run again = run("featurize", "--data", data.toString(), "--model", "resnet18_small", "--weights",
                weights.toString(), "--out", out);
        assertEquals(1, again.code(), "an existing --out needs --force");
    }

    @Test
    void trainThenPredictWithTheSavedPipeline() {
        String pipeline = tmp.resolve("pipeline").toString();
        Run t = run("train", "--data", data.toString(), "--model", "resnet18_small", "--weights", weights.toString(),
                "--out", pipeline, "--epochs", "40", "--source", "image");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("2 classes [Bag, Trouser]"), t.out());
        Run p = run("predict", "--pipeline", pipeline, "--data", data.toString());
        assertEquals(0, p.code(), p.err());
        assertEquals(17, p.out().lines().count());
        assertTrue(p.out().lines().anyMatch(l -> l.contains("notes.png\t-\tunreadable")), p.out());
        assertTrue(p.err().contains("accuracy against folder names"), p.err());
    }

    @Test
    void predictWithARunFolder() {
        Path runDir = GraftModelTest.writeRun(tmp.resolve("run"));
        Run p = run("predict", "--run", runDir.toString(), "--data", data.toString(), "--batch-size", "4");
        assertEquals(0, p.code(), p.err());
        assertEquals(17, p.out().lines().count());
    }

    @Test
    void usageAndUserErrorsHaveTheirExitCodes() {
        assertEquals(2, run().code(), "no subcommand");
        assertEquals(2, run("featurize", "--data", data.toString()).code(), "missing --weights and --out");
        Run bad = run("featurize", "--data", data.toString(), "--weights", tmp.resolve("nope").toString(), "--out",
                tmp.resolve("x").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("no such weights file, run folder or registry tag"), bad.err());
        assertEquals(1, bad.err().lines().count(), bad.err());
    }
}
