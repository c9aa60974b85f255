package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demo table, measured again: {@code graft demo} (seed 42, both cores, as the README
 * ran it) in a child JVM, its four test accuracies against the README's. Minutes of training, so
 * {@code mvn -Pslow verify} runs it and the default run does not.
 */
@Tag("slow")
class DemoTableTest {
    /** The README's table, test accuracy in percent by strategy. */
    static final Map<String, Double> README = Map.of("scratch", 70.5, "linear-probe", 52.0, "partial:1", 81.0,
            "fine-tune", 76.4);

    @TempDir
    Path tmp;

    @Test
    void theDemoReproducesTheReadmeTable() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx4g",
                "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true", "-Djava.awt.headless=true", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "dev.graft.cli.Main", "demo", "--out", tmp.resolve("demo").toString(), "--threads", "2", "--json");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("out.json").toFile())
                .redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("OPT_OUT_TRACKING", "true");
        Process p = pb.start();
        assertTrue(p.waitFor(90, TimeUnit.MINUTES), "the demo did not finish in 90 minutes");
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("err.txt")));
        Map<String, Double> measured = new LinkedHashMap<>();
        for (JsonElement row : new Gson().fromJson(Files.readString(tmp.resolve("out.json")), JsonArray.class)) {
            var o = row.getAsJsonObject();
            measured.put(o.get("strategy").getAsString(),
                    Math.round(1000 * o.get("testAccuracy").getAsDouble()) / 10.0);
        }
        assertEquals(README, measured);
    }
}
