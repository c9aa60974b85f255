package dev.graft.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import dev.graft.data.Preprocess;
import dev.graft.engine.Engines;
import dev.graft.model.HeadSpec;
import dev.graft.model.Network;
import dev.graft.model.Pretrained;
import dev.graft.run.RunException;
import dev.graft.testing.Fixtures;
import dev.graft.testing.TinyData;
import dev.graft.train.TrainConfig;
import dev.graft.train.TrainContext;
import dev.graft.train.TrainListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grid runner: plan, saving every cell, stopping, resuming without re-running or changing a cell. */
class StudyRunnerTest {
    static final Preprocess PRE = new Preprocess(16, 16, Preprocess.FMNIST_MEAN, Preprocess.FMNIST_STD);
    static StudyData data;
    static Pretrained.Resolved weights;

    @BeforeAll
    static void setUp() {
        var pool = TinyData.bars(3, 12, 16, 1);
        data = StudyData.of(pool, TinyData.bars(3, 4, 16, 2), TinyData.bars(3, 8, 16, 3), pool.labels(),
                "bars", List.of(), 0, 42);
        try (NDManager m = Engines.newManager()) {
            Network net = CellRunner.build("resnet18_small", 3, HeadSpec.LINEAR, m, 1);
            weights = new Pretrained.Resolved(Fixtures.syntheticWeights(net), "synthetic", "0000", null);
        }
    }

    static StudyConfig.Builder config(Path out) {
        return StudyConfig.builder().setData("bars").setModel("resnet18_small").setOut(out).optWeights("synthetic")
                .optSizes(List.of(2, 4)).optStrategies(List.of("scratch", "fine-tune")).optSeeds(2).optSeed(7)
                .optHeadEpochs(1).optHeadSteps(0).optTrain(TrainConfig.builder().optEpochs(2).optBatchSize(8).optLr(3e-3f)
                        .optWarmupEpochs(0).optPatience(0).build());
    }

    static StudyRecord run(StudyConfig c, List<StudyListener> listeners) {
        return new StudyRunner(c, data, weights, PRE, listeners, List::of).run();
    }

    /** Stops the study after {@code n} cells, and records which cells began. */
    static final class Recorder implements StudyListener {
        final int stopAfter;
        final List<String> begun = new ArrayList<>();
        StudyPlan plan;

        Recorder(int stopAfter) {
            this.stopAfter = stopAfter;
        }

        @Override
        public void onPlan(StudyContext ctx, StudyPlan p) {
            plan = p;
        }

        @Override
        public void onCellBegin(StudyContext ctx, Cell cell, Progress progress) {
            begun.add(cell.key());
        }

        @Override
        public void onCellEnd(StudyContext ctx, CellResult result, Progress progress) {
            if (progress.done() >= stopAfter) {
                ctx.requestStop("test stop");
            }
        }
    }

    @Test
    void stoppedStudyResumesWithoutRerunningOrChangingFinishedCells(@TempDir Path tmp) {
        Path full = tmp.resolve("full");
        StudyRecord whole = run(config(full).build(), List.of());
        assertEquals(8, whole.cells().size());

        Path part = tmp.resolve("part");
        Recorder first = new Recorder(3);
        StudyRecord stopped = run(config(part).build(), List.of(first));
        assertEquals(3, stopped.cells().size());
        assertEquals(8, first.plan.cells().size());
        assertEquals(8, first.plan.estimates().size());
        assertTrue(first.plan.estimateSeconds() > 0);
        StudyRecord onDisk = StudyFile.read(part);
        assertEquals(3, onDisk.cells().size(), "each finished cell is in study.json");
        String savedCells = new Gson().toJson(onDisk.cells());

        assertThrows(RunException.class, () -> run(config(part).build(), List.of()), "no silent overwrite");

        Recorder second = new Recorder(Integer.MAX_VALUE);
        StudyRecord resumed = run(config(part).optResume(true).build(), List.of(second));
        assertEquals(3, second.plan.finished().size());
        assertEquals(5, second.begun.size(), "only the unfinished cells run");
        for (CellResult c : onDisk.cells()) {
            assertTrue(!second.begun.contains(c.key()), c.key() + " ran again");
        }
        assertEquals(savedCells, new Gson().toJson(resumed.cells().subList(0, 3)), "finished cells untouched");
        assertEquals(8, StudyFile.read(part).cells().size());
        for (CellResult c : whole.cells()) {
            CellResult r = resumed.cell(c.key());
            assertNotNull(r, c.key());
            assertEquals(c.testAccuracy(), r.testAccuracy(), c.key());
            assertEquals(c.bestEpoch(), r.bestEpoch(), c.key());
            for (int t = 0; t < c.confusion().length; t++) {
                assertArrayEquals(c.confusion()[t], r.confusion()[t], c.key());
            }
        }
    }

    @Test
    void cellRecordsItsHistoryAndMeasures(@TempDir Path tmp) {
        StudyRecord r = run(config(tmp).optSeeds(1).optSizes(List.of(4)).build(), List.of());
        CellResult ft = r.cell(new Cell("fine-tune", 4, 7).key());
        assertEquals(12, ft.trainImages());
        assertEquals(3, ft.epochsRun(), "1 head epoch + 2 fine-tune epochs");
        assertEquals(List.of("head", "fine-tune", "fine-tune"), ft.epochs().stream()
                .map(CellResult.EpochPoint::phase).toList());
        assertEquals(24, java.util.Arrays.stream(ft.confusion()).flatMapToLong(java.util.Arrays::stream).sum());
        assertTrue(ft.featuresCached());
        assertTrue(ft.trainableParams() == ft.totalParams(), "fine-tune's last phase trains everything");
        assertTrue(ft.secondsToTarget() <= ft.trainSeconds() + 1e-9);
        assertEquals(CellMetrics.lastGap(ft.epochs()), ft.trainValGap());
        for (CellResult.Miss m : ft.worst()) {
            assertTrue(m.truth() != m.predicted());
            double mass = java.util.Arrays.stream(m.heatmap()).flatMapToDouble(java.util.Arrays::stream).sum();
            assertEquals(1.0, mass, 1e-5, "each miss carries its Grad-CAM map");
        }
        CellResult.CellCalibration cal = ft.calibration();
        assertTrue(cal.temperature() > 0);
        assertEquals(24, cal.before().bins().stream().mapToInt(dev.graft.calibration.Reliability.Bin::count).sum(),
                "reliability over the whole test set");
        assertEquals(cal.ece(), cal.after().ece());
    }

    @Test
    void resumingWithOtherSettingsNamesTheSetting(@TempDir Path tmp) {
        run(config(tmp).optSeeds(1).optSizes(List.of(2)).optStrategies(List.of("scratch")).build(), List.of());
        RunException e = assertThrows(RunException.class, () -> run(config(tmp).optSeeds(1).optSizes(List.of(2))
                .optStrategies(List.of("scratch")).optValPerClass(3).optResume(true).build(), List.of()));
        assertTrue(e.getMessage().contains("valPerClass"), e.getMessage());
    }

    @Test
    void badPartialDepthFailsBeforeTraining(@TempDir Path tmp) {
        var e = assertThrows(IllegalArgumentException.class, () -> run(config(tmp)
                .optStrategies(List.of("partial:9")).build(), List.of()));
        assertTrue(e.getMessage().startsWith("`strategies` partial:9"), e.getMessage());
        assertTrue(!StudyFile.exists(tmp));
    }

    @Test
    void eachKindOfStrategyTrainsAtItsOwnLearningRate(@TempDir Path tmp) {
        Map<String, Float> lrs = new LinkedHashMap<>();
        TrainListener probe = new TrainListener() {
            @Override
            public void onTrainBegin(TrainContext ctx) {
                lrs.putIfAbsent(ctx.phase(), ctx.config().lr());
            }
        };
        StudyConfig c = config(tmp).optSeeds(1).optSizes(List.of(2))
                .optStrategies(List.of("scratch", "partial:1", "lora", "bitfit")).optScratchLr(2e-3f).optPeftLr(5e-3f)
                .build();
        new StudyRunner(c, data, weights, PRE, List.of(), () -> List.of(probe)).run();
        assertEquals(Map.of("scratch", 2e-3f, "partial:1", 3e-3f, "lora", 5e-3f, "bitfit", 5e-3f), lrs);
        assertEquals("0.005", c.settings().get("peftLr"));
        var bad = assertThrows(IllegalArgumentException.class, () -> config(tmp).optPeftLr(-1f).build());
        assertTrue(bad.getMessage().contains("`peftLr` must be finite and > 0, got -1.0"), bad.getMessage());
        // a study without PEFT cells keeps the settings it had before --peft-lr existed, so it still resumes
        assertFalse(config(tmp).build().settings().containsKey("peftLr"));
    }

    @Test
    void settingsCoverEverythingThatChangesACell() {
        Map<String, String> s = config(Path.of("x")).build().settings();
        assertTrue(s.keySet().containsAll(List.of("data", "model", "seed", "train", "scratchLr", "headEpochs",
                "valPerClass", "testPerClass", "maxSteps")));
    }
}
