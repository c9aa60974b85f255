package dev.graft.gen.compat;

import static dev.graft.testing.AllClose.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.gen.GenBundled;
import dev.graft.gen.GenInfo;
import dev.graft.gen.GenModel;
import dev.graft.gen.GenRun;
import dev.graft.gen.ddpm.Ddpm;
import dev.graft.gen.tune.GenLora;
import dev.graft.gen.tune.GenStrategy;
import dev.graft.nn.Module;
import dev.graft.testing.Fixtures;
import dev.graft.weights.Safetensors;
import dev.graft.weights.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generator run folders saved by earlier releases, and the generators Graft ships, still load and
 * draw the same samples for a seed ({@code MakeGenRunFixture} made them).
 */
class GenRunCompatTest {
    /** Sampling repeats the same libtorch ops on the same weights. */
    private static final double TOL = 1e-6;

    @TempDir
    Path cache;

    @AfterEach
    void clear() {
        System.clearProperty("graft.cache");
    }

    @Test
    void everySavedGeneratorRunStillLoadsAndDrawsTheSame() throws Exception {
        List<Path> runs = runs();
        assertFalse(runs.isEmpty(), "no saved generator runs");
        for (Path dir : runs) {
            GenInfo info = GenRun.open(dir).readInfo();
            assertEquals(GenInfo.TASK, info.task(), dir.toString());
            float[] expected = Safetensors.read(dir.resolve("expected.safetensors")).get("samples").data();
            try (GenModel m = GenModel.open(GenRun.open(dir))) {
                float[] drawn = m.generator().sample(MakeGenRunFixture.SAMPLES, MakeGenRunFixture.SEED);
                assertAllClose(drawn, expected, TOL, TOL, dir.getFileName() + " samples");
            }
        }
    }

    @Test
    void aLoraRunsAdaptersReattachToItsBaseAndFoldIntoItsModel() throws Exception {
        int checked = 0;
        for (Path dir : runs()) {
            GenInfo info = GenRun.open(dir).readInfo();
            if (!info.strategy().startsWith("lora")) {
                continue;
            }
            // the base is the fixture beside it, whatever absolute path graft.json recorded
            Path base = dir.resolveSibling(Path.of(info.base().run()).getFileName());
            try (GenModel m = GenModel.open(GenRun.open(base))) {
                Module net = m.generator().network();
                GenLora.apply(net, GenStrategy.parse(info.strategy()).k(), 0);
                GenLora.load(net, Safetensors.read(GenRun.open(dir).adapters()), dir + "/adapters.safetensors");
                float[] drawn = m.generator().sample(MakeGenRunFixture.SAMPLES, MakeGenRunFixture.SEED);
                float[] expected = Safetensors.read(dir.resolve("expected.safetensors")).get("samples").data();
                assertAllClose(drawn, expected, TOL, TOL, dir.getFileName() + " samples with adapters attached");
                StateDict saved = Safetensors.read(GenRun.open(dir).model());
                StateDict merged = GenLora.merged(net);
                assertEquals(saved.names(), merged.names());
                for (String name : saved.names()) {
                    assertAllClose(merged.get(name).data(), saved.get(name).data(), 0, 1e-7, name + " folded");
                }
            }
            checked++;
        }
        assertTrue(checked > 0, "no LoRA run among the fixtures");
    }

    @Test
    void theShippedGeneratorsDrawWhatTheyDrewWhenShipped() throws Exception {
        System.setProperty("graft.cache", cache.toString());
        StateDict expected = Safetensors.read(bundledExpected());
        for (String name : GenBundled.NAMES) {
            try (GenModel m = GenModel.open(GenRun.open(GenBundled.resolve(name)))) {
                if (m.generator() instanceof Ddpm d) {
                    d.setSamplingSteps(MakeGenRunFixture.BUNDLED_DDPM_STEPS);
                }
                float[] drawn = m.generator().sample(MakeGenRunFixture.SAMPLES, MakeGenRunFixture.SEED);
                assertAllClose(drawn, expected.get(name).data(), TOL, TOL, name);
            }
        }
    }

    static List<Path> runs() throws Exception {
        try (Stream<Path> s = Files.list(Fixtures.resource("/fixtures/gen-runs"))) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static Path bundledExpected() throws Exception {
        try (Stream<Path> s = Files.list(Fixtures.resource("/fixtures/gen-runs"))) {
            return s.filter(p -> p.getFileName().toString().endsWith("-bundled.safetensors")).sorted().reduce((a, b) -> b)
                    .orElseThrow();
        }
    }
}
