package dev.graft.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        Files.write(data.resolve("Trouser").resolve("empty.png"), new byte[0]); // Spark's sources drop such files
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
        assertTrue(r.out().contains("featurized 18 images (2 unreadable"), r.out());
        assertEquals(18, LocalSpark.get().read().parquet(out).count());
        Run again = run("featurize", "--data", data.toString(), "--model", "resnet18_small", "--weights",
                weights.toString(), "--out", out);
        assertEquals(1, again.code(), "an existing --out needs --force");
    }

    @Test
    void forceReplacesOnlyGraftsOwnOutputAndAnEmptyOutIsRefused() throws IOException {
        String[] base = {"featurize", "--data", data.toString(), "--model", "resnet18_small", "--weights",
            weights.toString(), "--force", "--out"};
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "keep me");
        Run refused = run(concat(base, mine.toString()));
        assertEquals(1, refused.code(), refused.err());
        assertTrue(refused.err().contains("notes.txt was not written by Spark for Graft"), refused.err());
        assertEquals("keep me", Files.readString(mine.resolve("notes.txt")), "a file Graft did not write survives");
        Run empty = run(concat(base, ""));
        assertEquals(1, empty.code(), empty.err());
        assertTrue(empty.err().contains("out must be a folder path (not empty)"), empty.err());
        Run intoData = run(concat(base, data.resolve("Bag").toString()));
        assertEquals(1, intoData.code(), intoData.err());
        assertTrue(Files.isRegularFile(data.resolve("Bag").resolve("notes.png")), "the data survives");
        String out = tmp.resolve("replaced").toString();
        assertEquals(0, run(concat(base, out)).code());
        assertEquals(0, run(concat(base, out)).code(), "earlier featurize output is replaced");
        assertEquals(18, LocalSpark.get().read().parquet(out).count());
        assertFalse(Files.exists(tmp.resolve(".replaced.graft-new")) || Files.exists(tmp.resolve(".replaced.graft-old")));
    }

    private static String[] concat(String[] a, String last) {
        String[] all = java.util.Arrays.copyOf(a, a.length + 1);
        all[a.length] = last;
        return all;
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
        assertEquals(18, p.out().lines().count());
        assertTrue(p.out().lines().anyMatch(l -> l.contains("notes.png\t-\tunreadable")), p.out());
        assertTrue(p.out().lines().anyMatch(l -> l.contains("empty.png\t-\tunreadable")), "a zero-byte image "
                + "gets its row: " + p.out());
        assertTrue(p.err().contains("18 images, 2 unreadable"), p.err());
        assertTrue(p.err().contains("accuracy against folder names"), p.err());
    }

    @Test
    void predictWithARunFolder() {
        Path runDir = GraftModelTest.writeRun(tmp.resolve("run"));
        Run p = run("predict", "--run", runDir.toString(), "--data", data.toString(), "--batch-size", "4");
        assertEquals(0, p.code(), p.err());
        assertEquals(18, p.out().lines().count());
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
