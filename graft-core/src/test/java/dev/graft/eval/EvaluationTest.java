package dev.graft.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.report.ConfusionPlot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {
    // rows true, columns predicted
    final Evaluation e = new Evaluation(List.of("a", "b", "c"), new long[][] {{5, 1, 0}, {2, 3, 1}, {0, 0, 4}}, 0.5);

    @Test
    void metricsByHand() {
        assertEquals(16, e.total());
        assertEquals(12.0 / 16, e.accuracy(), 1e-12);
        assertEquals(5.0 / 7, e.precision(0), 1e-12);
        assertEquals(5.0 / 6, e.recall(0), 1e-12);
        assertEquals(3.0 / 4, e.precision(1), 1e-12);
        assertEquals(0.5, e.recall(1), 1e-12);
        assertEquals(0.8, e.precision(2), 1e-12);
        assertEquals(1.0, e.recall(2), 1e-12);
        double f1b = 2 * 0.75 * 0.5 / 1.25;
        assertEquals(f1b, e.f1(1), 1e-12);
        assertTrue(e.format().contains("confusion matrix"));
    }

    @Test
    void confusionPngIsWritten(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("cm.png");
        ConfusionPlot.writePng(e, "test", png);
        byte[] head = Files.readAllBytes(png);
        assertTrue(head.length > 1000);
        assertEquals((byte) 0x89, head[0]);
        assertEquals('P', head[1]);
    }
}
