package dev.graft.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.study.CellResult;
import dev.graft.study.StudyFixtures;
import dev.graft.study.Summary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reading says what the numbers say: chosen numbers in, the sentences they imply out. */
class ReadingTest {
    static final List<String> STRATEGIES = List.of("scratch", "linear-probe", "fine-tune");

    /**
     * At 5/class scratch wins (50 vs 35); at 10 fine-tune wins by 31 (73 vs 42); at 50 fine-tune
     * and scratch are 1 point apart with a spread of 2.8.
     */
    static List<CellResult> cells() {
        List<CellResult> c = new ArrayList<>();
        double[][] scratch = {{0.50, 0.50, 0.50}, {0.40, 0.42, 0.44}, {0.80, 0.82, 0.84}};
        double[][] probe = {{0.35, 0.35, 0.35}, {0.60, 0.60, 0.60}, {0.82, 0.82, 0.82}};
        double[][] fine = {{0.30, 0.30, 0.30}, {0.72, 0.73, 0.74}, {0.81, 0.83, 0.85}};
        int[] sizes = {5, 10, 50};
        for (int i = 0; i < 3; i++) {
            for (int seed = 0; seed < 3; seed++) {
                c.add(StudyFixtures.cell("scratch", sizes[i], seed, scratch[i][seed], i == 0 ? 0.45 : 0.1, 3));
                c.add(StudyFixtures.cell("linear-probe", sizes[i], seed, probe[i][seed], 0.02, 3));
                c.add(StudyFixtures.cell("fine-tune", sizes[i], seed, fine[i][seed], 0.05, 3));
            }
        }
        return c;
    }

    @Test
    void sentencesFollowTheNumbers() {
        var r = StudyFixtures.record(STRATEGIES, List.of(5, 10, 50), 3, cells(), List.of("a", "b", "c"));
        List<String> lines = Reading.of(Summary.of(r), StudyPlots.bestCell(r));
        String all = String.join("\n", lines);
        assertEquals("Transfer beat training from scratch, by more than the seed-to-seed spread, at 1 of 3 sizes.",
                lines.get(0));
        assertTrue(all.contains("Fine-tune beat scratch by 31.0 points at 10 images per class (73.0% vs 42.0%)."),
                all);
        assertTrue(all.contains("At 5 images per class, scratch beat every transfer strategy: 50.0% vs 35.0% for "
                + "the best of them, linear-probe (15.0 points)."), all);
        assertTrue(all.contains("At 50 images per class, fine-tune (83.0%) and scratch (82.0%) were within the "
                + "seed-to-seed spread of each other (+1.0 points, spread 2.8)."), all);
        assertTrue(all.contains("Fine-tuning went further than the linear probe at 10 (+13.0), fell behind it at 5 "
                + "(-5.0) and was within the seed-to-seed spread of it at 50 (+1.0) images per class"), all);
        assertTrue(all.contains("The largest train/validation gap, the overfitting signal, was scratch at 5 images "
                + "per class: training accuracy exceeded validation accuracy by 45.0 points"), all);
        assertTrue(all.contains("Linear-probe did not fit even its own training images: its training accuracy at the "
                + "last epoch averaged 61.0% over all sizes"), all);
        assertTrue(all.contains("Against scratch, in points at 5/10/50 images per class: linear-probe -15.0/+18.0/≈+0.0; "
                + "fine-tune -20.0/+31.0/≈+1.0 (≈: within the seed-to-seed spread)."), all);
        assertTrue(all.contains("At 5 images per class, scratch, linear-probe and fine-tune were still improving when "
                + "training ended"), all);
        assertTrue(all.contains("The best single cell was fine-tune at 50 images per class, seed 2: 85.0%"), all);
        assertTrue(!all.contains("shrank") && !all.contains("grew as"), "the lead did not move one way: " + all);
    }

    @Test
    void monotoneLeadIsDescribedAsATrend() {
        List<CellResult> c = new ArrayList<>();
        double[] scratch = {0.30, 0.60, 0.85};
        double[] fine = {0.70, 0.80, 0.88};
        int[] sizes = {5, 20, 100};
        for (int i = 0; i < 3; i++) {
            c.add(StudyFixtures.cell("scratch", sizes[i], 0, scratch[i], 0.2, 3));
            c.add(StudyFixtures.cell("fine-tune", sizes[i], 0, fine[i], 0.05, 3));
        }
        var r = StudyFixtures.record(List.of("scratch", "fine-tune"), List.of(5, 20, 100), 1, c, List.of("a", "b",
                "c"));
        String all = String.join("\n", Reading.of(Summary.of(r), StudyPlots.bestCell(r)));
        assertTrue(all.contains("shrank as labeled data grew, from +40.0 points at 5 images per class to +3.0 points "
                + "at 100 images per class."), all);
        assertTrue(all.contains("at 3 of 3 sizes"), all);
    }
}
