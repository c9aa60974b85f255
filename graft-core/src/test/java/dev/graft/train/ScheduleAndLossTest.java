package dev.graft.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.graft.engine.Engines;
import org.junit.jupiter.api.Test;

class ScheduleAndLossTest {
    @Test
    void warmupThenCosine() {
        LrSchedule s = new LrSchedule(1f, 4, 14, TrainConfig.Schedule.COSINE);
        assertEquals(0.25f, s.at(0), 1e-7);
        assertEquals(1f, s.at(3), 1e-7);
        assertEquals(1f, s.at(4), 1e-7);
        assertEquals(0.5f, s.at(9), 1e-6); // half way through the 10 decay steps
        assertEquals(0f, s.at(14), 1e-7);
    }

    @Test
    void crossEntropyWithAndWithoutSmoothing() {
        try (NDManager m = Engines.newManager()) {
            // logits [0, ln 3]: softmax [1/4, 3/4]
            var logits = m.create(new float[] {0f, (float) Math.log(3)}, new ai.djl.ndarray.types.Shape(1, 2));
            var label = m.create(new long[] {1});
            assertEquals(-Math.log(0.75), Losses.crossEntropy(logits, label, 0f).getFloat(), 1e-6);
            // smoothing 0.2 over 2 classes: target [0.1, 0.9]
            double expected = -(0.1 * Math.log(0.25) + 0.9 * Math.log(0.75));
            assertEquals(expected, Losses.crossEntropy(logits, label, 0.2f).getFloat(), 1e-6);
        }
    }
}
