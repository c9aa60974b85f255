package dev.graft.compat;

import static dev.graft.testing.AllClose.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.types.Shape;
import dev.graft.job.LoadedRun;
import dev.graft.nn.Ctx;
import dev.graft.testing.Fixtures;
import dev.graft.weights.Safetensors;
import dev.graft.weights.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Run folders saved by earlier Graft releases (plain and LoRA) still load and give the same outputs. */
class RunCompatTest {
    @Test
    void everySavedReleaseStillLoadsAndPredictsTheSame() throws Exception {
        Path root = Fixtures.resource("/fixtures/runs");
        List<Path> releases;
        try (Stream<Path> s = Files.list(root)) {
            releases = s.filter(Files::isDirectory).sorted().toList();
        }
        assertFalse(releases.isEmpty(), "no saved runs under " + root);
        for (Path dir : releases) {
            StateDict io = Safetensors.read(dir.resolve("expected_io.safetensors"));
            try (LoadedRun run = LoadedRun.open(dir, 1)) {
                assertEquals(3, run.info().labels().size(), dir.toString());
                var in = io.get("input");
                float[] logits = run.net().forward(run.manager().create(in.data(), new Shape(in.shape())), Ctx.EVAL)
                        .toFloatArray();
                assertAllClose(logits, io.get("logits").data(), 1e-6, 1e-6, dir.getFileName() + " logits");
                if (!Files.readString(dir.resolve("graft.json")).contains("\"calibration\"")) {
                    // made before Graft calibrated runs: probabilities stay the plain softmax
                    assertEquals(1.0, run.info().calibrationOrNone().temperature(), dir.toString());
                    assertEquals(null, run.info().calibrationOrNone().rejection(), dir.toString());
                }
            }
        }
    }
}
