package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.graft.job.LoadedRun;
import dev.graft.testing.RunCompare;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real kills of {@code graft train} in a child JVM, in the middle of an epoch: SIGKILL, then
 * {@code --resume}; SIGTERM (what Ctrl-C and {@code kill} send), which must exit cleanly with a
 * complete, loadable run, then {@code --resume}. Both resumed runs must end bit for bit where an
 * uninterrupted run with the same seed ends.
 */
class ResumeAfterKillTest {
    @TempDir
    static Path tmp;
    static CliFixtures.Workspace ws;
    static Path reference;

    @BeforeAll
    static void setUp() throws Exception {
        ws = CliFixtures.Workspace.create(tmp, 3, 8, 9, 5);
        reference = tmp.resolve("reference");
        CliHarness.Result r = CliHarness.run(trainArgs(reference).toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
    }

    /** fine-tune with dropout: 1 head epoch, then 3 epochs of 5 steps, a checkpoint every 2 steps. */
    static List<String> trainArgs(Path out) {
        return new ArrayList<>(List.of("train", "--data", ws.data().toString(), "--model", "resnet18_small", "--weights",
                ws.weights().toString(), "--strategy", "fine-tune", "--head-epochs", "1", "--epochs", "3",
                "--batch-size", "4", "--dropout", "0.3", "--checkpoint-every", "2", "--seed", "3", "--out",
                out.toString()));
    }

    @Test
    void sigkillMidEpochThenResumeEqualsUninterrupted() throws Exception {
        Path run = tmp.resolve("killed");
        Process p = start(trainArgs(run), "kill");
        waitForMidEpochCheckpoint(p, run);
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "SIGKILL");
        assertFalse(Files.exists(run.resolve("graft.json")), "the run was killed before it finished");
        resumeAndCompare(run, "kill-resume");
    }

    @Test
    void sigtermStopsCleanlyWithACompleteRunThatResumesExactly() throws Exception {
        Path run = tmp.resolve("terminated");
        Process p = start(trainArgs(run), "term");
        waitForMidEpochCheckpoint(p, run);
        p.destroy();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the JVM should exit after saving");
        String err = Files.readString(tmp.resolve("term.err"));
        assertEquals(143, p.exitValue(), err);
        assertFalse(err.contains("SIGSEGV") || err.contains("fatal error"), err);
        try (Stream<Path> s = Files.list(tmp)) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().startsWith("hs_err")), "JVM crash log written");
        }
        assertTrue(err.contains("continue with: graft train --resume"), err);
        JsonObject info = new Gson().fromJson(Files.readString(run.resolve("graft.json")), JsonObject.class);
        assertEquals("stopped by user", info.get("stopped").getAsString());
        assertTrue(Files.isRegularFile(run.resolve("checkpoint.safetensors")));
        try (LoadedRun loaded = LoadedRun.open(run, 1)) {
            assertEquals(3, loaded.net().numClasses());
        }
        resumeAndCompare(run, "term-resume");
    }

    private static void resumeAndCompare(Path run, String name) throws Exception {
        Process r = start(List.of("train", "--resume", run.toString(), "--weights", ws.weights().toString()), name);
        assertTrue(r.waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, r.exitValue(), Files.readString(tmp.resolve(name + ".err")));
        assertEquals(-1L, Files.mismatch(reference.resolve("model.safetensors"), run.resolve("model.safetensors")),
                "resumed weights differ from the uninterrupted run");
        assertEquals(RunCompare.metricsWithoutTimes(reference), RunCompare.metricsWithoutTimes(run));
        assertEquals(RunCompare.resultsWithoutTime(reference), RunCompare.resultsWithoutTime(run));
        assertFalse(Files.exists(run.resolve("checkpoint.safetensors")));
    }

    /** Waits until the child has checkpointed inside a fine-tune epoch after the first. */
    private static void waitForMidEpochCheckpoint(Process p, Path run) throws Exception {
        Path cp = run.resolve("checkpoint.safetensors");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                fail("the child ended before it could be killed: " + p.exitValue());
            }
            JsonObject m = Files.isRegularFile(cp) ? checkpointMeta(cp) : null;
            if (m != null && m.get("phase").getAsString().equals("fine-tune") && m.get("epoch").getAsInt() >= 2
                    && m.get("batch").getAsInt() >= 1) {
                return;
            }
            Thread.sleep(5);
        }
        fail("no mid-epoch checkpoint within 120 s");
    }

    /** The JSON part of a checkpoint, from its header only; null if the file is being replaced. */
    private static JsonObject checkpointMeta(Path file) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] len = new byte[8];
            f.readFully(len);
            long n = java.nio.ByteBuffer.wrap(len).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            byte[] header = new byte[(int) n];
            f.readFully(header);
            JsonObject h = new Gson().fromJson(new String(header, StandardCharsets.UTF_8), JsonObject.class);
            return new Gson().fromJson(h.getAsJsonObject("__metadata__").get("graft.checkpoint").getAsString(),
                    JsonObject.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Process start(List<String> args, String name) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true", "-Djava.awt.headless=true", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "dev.graft.cli.Main"));
        cmd.addAll(args);
        cmd.addAll(List.of("--threads", "1"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile())
                .redirectOutput(tmp.resolve(name + ".out").toFile()).redirectError(tmp.resolve(name + ".err").toFile());
        Map<String, String> env = pb.environment();
        env.put("DJL_OFFLINE", "true");
        env.put("OPT_OUT_TRACKING", "true");
        return pb.start();
    }


}
