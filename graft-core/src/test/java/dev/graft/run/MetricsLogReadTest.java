package dev.graft.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.train.EpochMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code metrics.jsonl} holds reads back as written, NaN included; a damaged file is named. */
class MetricsLogReadTest {
    @TempDir
    Path dir;

    @Test
    void readsBackWhatWasWritten() {
        RunDir run = new RunDir(dir);
        assertEquals(List.of(), MetricsLog.read(run), "no file yet: no epochs");
        List<EpochMetrics> epochs = List.of(new EpochMetrics(1, "head", 1.5, 0.25, 1.25, 0.5, 1e-3, 2.0, 30.0),
                new EpochMetrics(2, "fine-tune", 0.75, 0.5, Double.NaN, 0.75, 5e-4, 2.5, 28.0));
        MetricsLog.rewrite(run, epochs);
        List<EpochMetrics> back = MetricsLog.read(run);
        assertEquals(epochs.get(0), back.get(0));
        assertEquals("fine-tune", back.get(1).phase());
        assertTrue(Double.isNaN(back.get(1).valLoss()));
        assertEquals(0.75, back.get(1).valAcc());
    }

    @Test
    void aDamagedFileIsNamed() throws Exception {
        RunDir run = new RunDir(dir);
        Files.writeString(run.metrics(), "{\"epoch\":1}\n{not json\n");
        RunException e = assertThrows(RunException.class, () -> MetricsLog.read(run));
        assertTrue(e.getMessage().startsWith(run.metrics().toString()), e.getMessage());
    }
}
