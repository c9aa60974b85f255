package dev.graft.study;

import dev.graft.data.Preprocess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-made study records with chosen numbers, for the summary, reading and report tests. */
public final class StudyFixtures {
    private StudyFixtures() {}

    /**
     * A finished cell whose validation accuracy climbs linearly to {@code acc} over six epochs
     * (two head epochs first for fine-tune), one second each, ending {@code gap} below training accuracy.
     */
    public static CellResult cell(String strategy, int perClass, long seed, double acc, double gap, int classes) {
        List<CellResult.EpochPoint> epochs = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            String phase = strategy.equals("fine-tune") ? (i <= 2 ? "head" : "fine-tune") : strategy;
            int inPhase = strategy.equals("fine-tune") && i > 2 ? i - 2 : i;
            double val = acc * i / 6;
            epochs.add(new CellResult.EpochPoint(i, phase, inPhase, i, 1.6 - 0.2 * i, Math.min(1, val + gap), 1.5 - 0.15 * i
                    + (i > 4 ? 0.1 * (i - 4) : 0), val));
        }
        int perTest = 10;
        long[][] confusion = new long[classes][classes];
        for (int t = 0; t < classes; t++) {
            long right = Math.round(acc * perTest);
            confusion[t][t] = right;
            confusion[t][(t + 1) % classes] = perTest - right;
        }
        List<CellResult.Miss> worst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            worst.add(new CellResult.Miss(i, "bars[" + i + "]", i % classes, (i + 1) % classes, 0.9 - 0.1 * i,
                    0.05 + 0.01 * i));
        }
        return new CellResult(new Cell(strategy, perClass, seed).key(), strategy, perClass,
                (perClass == 0 ? 100 : perClass) * classes, seed, acc, acc - 0.01, 1 - acc, 6,
                CellMetrics.secondsToFraction(epochs, acc, CellMetrics.TARGET, 6), acc, strategy.equals(
                        "linear-probe") ? 387 : 700_000, 700_821, 6, 6, gap, strategy.equals("linear-probe"), null,
                epochs, confusion, worst, "2026-11-30T00:00:00Z");
    }

    /**
     * The same cell with calibration (T = 2: ECE .20 before, .05 after, on four bins) and a 2×2
     * Grad-CAM map on every miss, all mass in the top-left cell.
     */
    public static CellResult withTrust(CellResult c) {
        List<dev.graft.calibration.Reliability.Bin> before = List.of(
                new dev.graft.calibration.Reliability.Bin(0, 0.25, 0, 0, 0),
                new dev.graft.calibration.Reliability.Bin(0.25, 0.5, 10, 0.4, 0.3),
                new dev.graft.calibration.Reliability.Bin(0.5, 0.75, 20, 0.7, 0.5),
                new dev.graft.calibration.Reliability.Bin(0.75, 1, 70, 0.95, 0.75));
        List<dev.graft.calibration.Reliability.Bin> after = List.of(
                new dev.graft.calibration.Reliability.Bin(0, 0.25, 0, 0, 0),
                new dev.graft.calibration.Reliability.Bin(0.25, 0.5, 20, 0.35, 0.3),
                new dev.graft.calibration.Reliability.Bin(0.5, 0.75, 40, 0.6, 0.55),
                new dev.graft.calibration.Reliability.Bin(0.75, 1, 40, 0.8, 0.75));
        CellResult.CellCalibration cal = new CellResult.CellCalibration(2, 0.2, 0.05,
                new dev.graft.calibration.Reliability(before, 0.2), new dev.graft.calibration.Reliability(after, 0.05));
        List<CellResult.Miss> worst = c.worst().stream().map(m -> new CellResult.Miss(m.index(), m.image(), m.truth(),
                m.predicted(), m.confidence(), m.truthProb(), new double[][] {{1, 0}, {0, 0}})).toList();
        return new CellResult(c.key(), c.strategy(), c.perClass(), c.trainImages(), c.seed(), c.testAccuracy(),
                c.testMacroF1(), c.testLoss(), c.trainSeconds(), c.secondsToTarget(), c.finalValAccuracy(),
                c.trainableParams(), c.totalParams(), c.bestEpoch(), c.epochsRun(), c.trainValGap(), c.featuresCached(),
                c.stopReason(), c.epochs(), c.confusion(), worst, c.finished(), cal);
    }

    /** A record holding the given cells, planned over their strategies, sizes and seed count. */
    public static StudyRecord record(List<String> strategies, List<Integer> sizes, int seeds, List<CellResult> cells,
            List<String> labels) {
        StudyRecord.Provenance p = new StudyRecord.Provenance("bars: " + labels.size() + " classes", labels, 300, 30,
                30, 100, "aaaa", "bbbb", "cccc", "resnet18_small", "synthetic.safetensors", "0123", "test weights",
                new Preprocess(16, 16, Preprocess.FMNIST_MEAN, Preprocess.FMNIST_STD));
        return new StudyRecord(StudyRecord.FORMAT, "2026-11-30T00:00:00Z", "2026-11-30T01:00:00Z",
                Map.of("graft", "test"), Map.of("data", "bars"), new StudyRecord.Plan(sizes, strategies, seeds, 0),
                p, new Calibration(100, 400, 0.1, 1), cells);
    }
}
