package dev.graft.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's table, trained again: scratch, and three strategies from each bundled backbone, on
 * Fashion-MNIST classes 5-9 from 10 images per class, seed 42, on one thread, scored on the 5,000
 * test images. On one thread the result does not depend on the machine or its load, so the
 * accuracies are exact (the README's table shows them rounded; {@code graft demo --threads 1}
 * prints the same). The garment rows are the ones v0.1.0 measured; the default backbone's rows are
 * those of the 5-epoch SimCLR run bundled after it. Minutes of training, so only
 * {@code mvn -Pslow verify} runs it.
 */
@Tag("slow")
class DemoTableTest {
    @TempDir
    Path tmp;

    @Test
    void theDemoTrainsToTheAccuraciesItAlwaysHad() {
        List<DemoJob.Row> rows = DemoJob.run(new DemoJob.Request(tmp, 10, 10, 42, 1), List::of);
        Map<String, Double> measured = new LinkedHashMap<>();
        rows.forEach(r -> measured.put(r.backbone() + " " + r.strategy(), r.testAccuracy()));
        String simclr = "resnet18_small.fmnist_simclr ";
        String garment = "resnet18_small.fmnist_src ";
        assertEquals(Map.of("none scratch", 0.7020,
                simclr + "linear-probe", 0.8858, simclr + "partial:1", 0.8938, simclr + "fine-tune", 0.8932,
                garment + "linear-probe", 0.5198, garment + "partial:1", 0.8086, garment + "fine-tune", 0.7632),
                measured);
    }
}
