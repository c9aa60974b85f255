package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code graft study} on an ImageFolder: table, study.json, report, bad input, and kill -9 then --resume. */
class StudyCommandTest {
    @TempDir
    static Path tmp;
    static CliFixtures.Workspace ws;

    @BeforeAll
    static void setUp() throws Exception {
        ws = CliFixtures.Workspace.create(tmp, 3, 14, 2, 5);
    }

    static List<String> args(Path out, String sizes, String strategies, int seeds, String... more) {
        List<String> a = new ArrayList<>(List.of("study", "--data", ws.data().toString(), "--model", "resnet18_small",
                "--weights", ws.weights().toString(), "--sizes", sizes, "--strategies", strategies, "--seeds",
                Integer.toString(seeds), "--epochs", "2", "--head-epochs", "1", "--head-steps", "0", "--batch-size",
                "8", "--val-per-class", "3", "--out", out.toString()));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void studyOnAFolderPrintsTheTableAndWritesJsonAndReport() throws Exception {
        Path out = tmp.resolve("study1");
        CliHarness.Result r = CliHarness.run(args(out, "2,all", "scratch,linear-probe", 1)
                .toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("study: 4 cells = 2 strategies × 2 sizes × 1 seeds"), r.err());
        assertTrue(r.err().contains("estimate: at most"), r.err());
        assertTrue(r.out().contains("test accuracy (%), mean ± std over seeds"), r.out());
        assertTrue(r.out().contains("all/class"), r.out());
        JsonObject study = new Gson().fromJson(Files.readString(out.resolve("study.json")), JsonObject.class);
        assertEquals(4, study.getAsJsonArray("cells").size());
        // 14 images per class: 3 for validation, then 20% of the other 11 (2) for test, 9 left for "all"
        assertEquals(6, study.getAsJsonObject("provenance").get("testImages").getAsInt());
        assertEquals(9, study.getAsJsonObject("provenance").get("minPoolPerClass").getAsInt());
        String html = Files.readString(out.resolve("report.html"));
        assertEquals(7, html.split("data:image/png;base64,").length - 1, "seven inlined images");
        for (String png : List.of("accuracy", "speed", "losses", "confusion", "worst", "reliability", "gradcam")) {
            assertTrue(Files.size(out.resolve("plots/" + png + ".png")) > 5000, png);
        }
    }

    @Test
    void killedStudyResumesWithoutLosingOrRerunningACell() throws Exception {
        Path out = tmp.resolve("study2");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true", "-Dai.djl.pytorch.num_threads=1",
                "-cp", System.getProperty("java.class.path"), "dev.graft.cli.Main"));
        cmd.addAll(args(out, "2,4", "scratch,linear-probe", 2, "--threads", "1"));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        Path json = out.resolve("study.json");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (cells(json).size() < 2 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        JsonArray before = cells(json);
        assertTrue(before.size() >= 2 && before.size() < 8, "killed after " + before.size() + " cells; log: "
                + Files.readString(tmp.resolve("child.log")));

        CliHarness.Result r = CliHarness.run(args(out, "2,4", "scratch,linear-probe", 2, "--resume")
                .toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains(before.size() + " already finished"), r.err());
        assertEquals(8 - before.size(), r.err().lines().filter(l -> l.endsWith("...")).count(), r.err());
        JsonArray after = cells(json);
        assertEquals(8, after.size());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i), after.get(i), "finished cell " + i + " changed on resume");
        }
    }

    private static JsonArray cells(Path json) {
        try {
            JsonElement e = new Gson().fromJson(Files.readString(json), JsonElement.class);
            return e.getAsJsonObject().getAsJsonArray("cells");
        } catch (Exception notYetWritten) {
            return new JsonArray();
        }
    }

    @Test
    void badInputIsOneLineWithTheFix() throws Exception {
        Path out = tmp.resolve("study3");
        CliHarness.Result first = CliHarness.run(args(out, "2", "scratch", 1).toArray(String[]::new));
        assertEquals(0, first.code(), first.err());
        CliHarness.Result again = CliHarness.run(args(out, "2", "scratch", 1).toArray(String[]::new));
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already holds a study; add --resume"), again.err());
        List<String> otherArgs = args(out, "2", "scratch", 1, "--resume");
        otherArgs.set(otherArgs.indexOf("--val-per-class") + 1, "4");
        CliHarness.Result other = CliHarness.run(otherArgs.toArray(String[]::new));
        assertEquals(1, other.code());
        assertTrue(other.err().contains("valPerClass"), other.err());
        CliHarness.Result strategy = CliHarness.run(args(tmp.resolve("s4"), "2", "scratch,warp", 1)
                .toArray(String[]::new));
        assertEquals(1, strategy.code());
        assertTrue(strategy.err().contains("unknown strategy 'warp'"), strategy.err());
        CliHarness.Result preset = CliHarness.run("study", "--preset", "nope", "--out", tmp.resolve("s5").toString());
        assertEquals(1, preset.code());
        assertTrue(preset.err().contains("unknown --preset 'nope': use fashion-mnist"), preset.err());
        CliHarness.Result sizes = CliHarness.run(args(tmp.resolve("s6"), "5,lots", "scratch", 1)
                .toArray(String[]::new));
        assertEquals(1, sizes.code());
        assertTrue(sizes.err().contains("bad --sizes '5,lots'"), sizes.err());
    }
}
