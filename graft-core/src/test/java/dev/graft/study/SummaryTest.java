package dev.graft.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.train.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Aggregation, the per-cell measures and the config's arithmetic, against values worked out by hand. */
class SummaryTest {
    static final List<String> LABELS = List.of("a", "b", "c");

    @Test
    void meanAndSampleStd() {
        Summary.Stat s = Summary.Stat.of(new double[] {0.5, 0.7, 0.9});
        assertEquals(0.7, s.mean(), 1e-12);
        assertEquals(0.2, s.std(), 1e-12); // sqrt((0.04 + 0 + 0.04) / 2)
        assertEquals(0, Summary.Stat.of(new double[] {0.3}).std());
    }

    @Test
    void secondsToNinetyPercentReadsTheFirstEpochAtTheMark() {
        List<CellResult.EpochPoint> e = List.of(point(1, 2.0, 0.50), point(2, 4.5, 0.71), point(3, 7.0, 0.80),
                point(4, 9.0, 0.78));
        // final 0.80 → mark 0.72: epoch 2 has 0.71, epoch 3 reaches it at 7.0 s
        assertEquals(7.0, CellMetrics.secondsToFraction(e, 0.80, 0.9, 10));
        // kept weights better than every epoch (none reached the mark): the whole training time
        assertEquals(10, CellMetrics.secondsToFraction(e, 0.95, 0.9, 10));
        assertEquals(0.9 - 0.78, CellMetrics.lastGap(e), 1e-12);
    }

    private static CellResult.EpochPoint point(int i, double seconds, double val) {
        return new CellResult.EpochPoint(i, "x", i, seconds, 0.5, 0.9, 0.6, val);
    }

    @Test
    void summaryGroupsBySizeAndStrategyWithAllLast() {
        List<CellResult> cells = List.of(StudyFixtures.cell("scratch", 0, 1, 0.9, 0.1, 3),
                StudyFixtures.cell("scratch", 5, 1, 0.4, 0.5, 3), StudyFixtures.cell("scratch", 5, 2, 0.6, 0.3, 3));
        Summary s = Summary.of(StudyFixtures.record(List.of("scratch", "fine-tune"), List.of(0, 5), 2, cells, LABELS));
        assertEquals(List.of(5, 0), s.sizes());
        Summary.Row r = s.row("scratch", 5);
        assertEquals(0.5, r.accuracy().mean(), 1e-12);
        assertEquals(Math.sqrt(0.02), r.accuracy().std(), 1e-12);
        assertEquals(0.4, r.gap().mean(), 1e-12);
        assertEquals(1, s.row("scratch", 0).accuracy().n());
        assertNull(s.row("fine-tune", 5));
        String table = s.table();
        assertTrue(table.contains("50.0 ± 14.1"), table);
        assertTrue(table.contains("90.0 ± 0.0*"), table);
        assertTrue(table.contains("all/class"), table);
        assertTrue(s.markdown().startsWith("| strategy | 5 / class | all / class |\n|---|---:|---:|\n"
                + "| scratch | 50.0 ± 14.1 | 90.0 ± 0.0 (n=1) |\n| fine-tune | – | – |\n"), s.markdown());
    }

    @Test
    void maxStepsLowersEpochsButNeverBelowOne() {
        StudyConfig c = StudyConfig.builder().setData("d").setModel("resnet18_small").setOut(Path.of("o"))
                .optStrategies(List.of("scratch")).optTrain(TrainConfig.builder().optEpochs(30).optBatchSize(16).build())
                .optMaxSteps(100).build();
        assertEquals(30, c.epochsFor(25));   // 2 steps per epoch: 30 epochs are 60 steps, under the cap
        assertEquals(25, c.epochsFor(64));   // 4 steps per epoch: 100 / 4
        assertEquals(2, c.epochsFor(1000));  // 63 steps per epoch: round(100 / 63)
        assertEquals(1, c.epochsFor(100_000));
    }

    @Test
    void sizesAndStrategiesAreChecked() {
        assertEquals(List.of(5, 10, 0), StudyConfig.parseSizes("5, 10,all,5"));
        assertThrows(IllegalArgumentException.class, () -> StudyConfig.parseSizes("5,zero"));
        assertThrows(IllegalArgumentException.class, () -> StudyConfig.parseSizes("0"));
        var b = StudyConfig.builder().setData("d").setModel("m").setOut(Path.of("o"));
        var e = assertThrows(IllegalArgumentException.class, () -> b.optStrategies(List.of("fine-tune")).build());
        assertTrue(e.getMessage().contains("`weights`"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.optStrategies(List.of("warp-drive")).build());
        assertThrows(IllegalArgumentException.class, () -> b.optStrategies(List.of("scratch", "scratch")).build());
    }
}
