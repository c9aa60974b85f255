package dev.graft.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.engine.Engines;
import dev.graft.model.ClassifierHead;
import dev.graft.model.HeadSpec;
import dev.graft.nn.Ctx;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The plain-Java head scores exactly what Graft's ClassifierHead computes in libtorch. */
class HeadWeightsTest {

    @Test
    void linearAndMlpHeadsMatchClassifierHead() {
        for (HeadSpec spec : new HeadSpec[] {HeadSpec.LINEAR, new HeadSpec(16, 0.5f)}) {
            int in = 24;
            int classes = 5;
            try (NDManager m = Engines.newManager()) {
                ClassifierHead head = new ClassifierHead(in, classes, spec);
                head.materialize(m, 7);
                HeadWeights hw = HeadWeights.of(head.stateDict(), spec);
                SplittableRandom rng = new SplittableRandom(3);
                float[] x = new float[4 * in];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (rng.nextDouble() * 4 - 2);
                }
                float[] want = head.forward(m.create(x, new Shape(4, in)), Ctx.EVAL).softmax(1).toFloatArray();
                for (int r = 0; r < 4; r++) {
                    double[] row = new double[in];
                    for (int j = 0; j < in; j++) {
                        row[j] = x[r * in + j];
                    }
                    double[] got = hw.probabilities(row);
                    for (int c = 0; c < classes; c++) {
                        assertEquals(want[r * classes + c], got[c], 1e-6, spec.describe() + " row " + r + " class " + c);
                    }
                }
                assertEquals(head.stateDict().names(), hw.stateDict().names());
            }
        }
    }

    @Test
    void wrongWidthIsRefusedWithTheFix() {
        HeadWeights hw = HeadWeights.linear(2, 3, new float[6], new float[2]);
        var e = assertThrows(IllegalArgumentException.class, () -> hw.probabilities(new double[4]));
        assertEquals(true, e.getMessage().contains("same backbone"));
    }
}
