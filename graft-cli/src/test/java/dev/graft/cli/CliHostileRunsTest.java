package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.cli.hostile.ChildCli;
import dev.graft.cli.hostile.TreeSnapshot;
import dev.graft.engine.Engines;
import dev.graft.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Honest mistakes and hostile run folders from the command line: one line, exit code 1, and no
 * file changed outside the run folder; a failed {@code --force} leaves the old run as it was.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliHostileRunsTest {
    @TempDir
    static Path root;
    static Path data;
    static Path run;
    static Path image;

    @BeforeAll
    static void setUp() throws Exception {
        data = root.resolve("data");
        ImageFolderMaker.write(data, 2, 4, 3);
        run = root.resolve("runs/a");
        CliHarness.Result r = CliHarness.run(train(run.toString()).toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        image = data.resolve("class_a/img0.png");
    }

    static List<String> train(String out, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--data", data.toString(), "--model", "resnet18_small",
                "--strategy", "scratch", "--epochs", "1", "--batch-size", "4", "--out", out));
        a.addAll(List.of(extra));
        return a;
    }

    /** Runs in-process and checks the contract for bad input; nothing under the root may change. */
    static void refused(List<String> args, String message) throws Exception {
        TreeSnapshot before = TreeSnapshot.of(root);
        CliHarness.Result r = CliHarness.run(args.toArray(String[]::new));
        assertEquals(1, r.code(), r.err());
        List<String> lines = r.err().lines().filter(l -> l.startsWith("graft: error:")).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).contains(message), "expected '" + message + "' in: " + lines.get(0));
        assertFalse(r.err().contains("\tat ") || r.err().contains("looks like a bug"), r.err());
        before.assertUnchanged();
    }

    @ParameterizedTest(name = "{0} {1}")
    @Order(1)
    @CsvSource(delimiter = '|', value = {
        "--lr|Infinity|--lr must be finite and > 0, got Infinity",
        "--weight-decay|NaN|--weight-decay must be finite and >= 0, got NaN",
        "--dropout|NaN|--dropout must be in [0, 1), got NaN",
        "--ema|NaN|--ema-decay must be in [0, 1), got NaN",
        "--val-split|1.5|--val-fraction must be in (0, 1), got 1.5",
        "--warmup|-5|--warmup-epochs must be finite and >= 0, got -5.0",
        "--per-class|-1|--per-class must be >= 0, got -1",
        "--patience|-1|--patience must be >= 0, got -1",
        "--head-epochs|-1|--head-epochs must be >= 0, got -1",
        "--lora-rank|2000000000|--lora-rank must be in [1, 4096], got 2000000000",
        "--head|mlp:2000000000|hidden must be in [0, 65536], got 2000000000",
        "--classes|0-2000000000|--classes must be in [0, 9], got 2000000000"})
    void aValueOutOfRangeIsOneLineWithTheRange(String flag, String value, String message) throws Exception {
        refused(train(root.resolve("runs/new").toString(), flag, value), message);
    }

    @Test
    @Order(2)
    void anEmptyOutAndPredictTopZeroAreRefused() throws Exception {
        refused(train(""), "--out must be a folder path (not empty), got ''");
        refused(List.of("predict", "--run", run.toString(), "--top", "0", image.toString()),
                "--top-k must be >= 1, got 0");
    }

    @Test
    @Order(3)
    void forceChecksTheInputsFirstAndKeepsWhatGraftDidNotWrite() throws Exception {
        refused(List.of("train", "--data", root.resolve("no-such-data").toString(), "--model", "resnet18_small",
                "--strategy", "scratch", "--force", "--out", run.toString()), "no-such-data");
        refused(List.of("train", "--data", data.toString(), "--model", "resnet18_small", "--strategy", "linear-probe",
                "--weights", run.resolve("model.safetensors").toString(), "--force", "--out", run.toString()),
                "lies inside --out");
        Path notes = Files.writeString(run.resolve("notes.txt"), "mine");
        refused(train(run.toString(), "--force"), "notes.txt was not written by Graft");
        Files.delete(notes);
        assertFalse(Files.exists(root.resolve("runs/.a.graft-new")), "nothing staged before the inputs passed");
    }

    @Test
    @Order(4)
    void aForcedRunThatFailsLeavesTheOldRunAndOneThatFinishesReplacesIt() throws Exception {
        TreeSnapshot before = TreeSnapshot.of(root, "runs/.a.graft-new");
        // a learning rate this large makes the loss non-finite: training fails after the folder was prepared
        CliHarness.Result failed = CliHarness.run(train(run.toString(), "--force", "--lr", "1e30", "--warmup", "0")
                .toArray(String[]::new));
        assertEquals(1, failed.code(), failed.err());
        before.assertUnchanged("runs/.a.graft-new");
        assertTrue(Files.isRegularFile(root.resolve("runs/.a.graft-new/graft.json")), "the failed run waits aside");
        String oldInfo = Files.readString(run.resolve("graft.json"));
        CliHarness.Result ok = CliHarness.run(train(run.toString(), "--force").toArray(String[]::new));
        assertEquals(0, ok.code(), ok.err());
        assertNotEquals(oldInfo, Files.readString(run.resolve("graft.json")), "the finished run replaced the old one");
        assertFalse(Files.exists(root.resolve("runs/.a.graft-new")) || Files.exists(root.resolve("runs/.a.graft-old")));
    }

    private static Path copyOfRun(String name, Consumer<JsonObject> edit) throws Exception {
        Path dir = Files.createDirectories(root.resolve("shared").resolve(name));
        for (String f : List.of("graft.json", "model.safetensors")) {
            Files.copy(run.resolve(f), dir.resolve(f));
        }
        JsonObject o = JsonParser.parseString(Files.readString(dir.resolve("graft.json"))).getAsJsonObject();
        edit.accept(o);
        Files.writeString(dir.resolve("graft.json"), o.toString());
        return dir;
    }

    @Test
    @Order(5)
    void aRunFolderThatNamesAProgramIsRefusedWithoutRunningIt() throws Exception {
        Path pt = Fixtures.resource("/fixtures/torchscript/small_cnn.pt");
        Path evil = copyOfRun("evil", o -> o.addProperty("arch", "torchscript:" + pt + "#fc"));
        TreeSnapshot before = TreeSnapshot.of(root);
        ChildCli.in(root).heap("512m").timeout(Duration.ofSeconds(90))
                .run("predict", "--run", evil.toString(), image.toString())
                .assertOneLineError(evil.resolve("graft.json").toString(), "add --torchscript FILE");
        before.assertUnchanged();
        Path zeroStd = copyOfRun("zero-std", o -> o.getAsJsonObject("preprocess")
                .add("std", JsonParser.parseString("[0.35, 0.0, 0.35]")));
        refused(List.of("predict", "--run", zeroStd.toString(), image.toString()),
                "std must be in [1.0e-6, 1000], got 0.0");
    }

    @ParameterizedTest
    @Order(6)
    @CsvSource({"10000", "-1"})
    void threadsBeyondTheLimitAreRefusedBeforeLibtorchStarts(String threads) throws Exception {
        ChildCli.in(root).noThreadsFlag().heap("256m").timeout(Duration.ofSeconds(60))
                .run(train(root.resolve("runs/t").toString(), "--threads", threads).toArray(String[]::new))
                .assertOneLineError("--threads must be in [0, " + Engines.maxThreads() + "]", "got " + threads)
                .assertFinishedWithin(Duration.ofSeconds(30));
        assertFalse(Files.exists(root.resolve("runs/t")));
    }
}
