package dev.graft.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDManager;
import dev.graft.data.InMemoryImages;
import dev.graft.data.Preprocess;
import dev.graft.engine.Engines;
import dev.graft.model.Models;
import dev.graft.model.HeadSpec;
import dev.graft.model.Network;
import dev.graft.testing.TinyData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Test-time augmentation: with it, a prediction no longer depends on which way the image faces. */
class TtaTest {
    static final Preprocess PRE = new Preprocess(16, 16, Preprocess.FMNIST_MEAN, Preprocess.FMNIST_STD);

    @Test
    void ttaPredictionsAreMirrorInvariantAndPlainOnesAreNot() {
        InMemoryImages images = TinyData.bars(3, 8, 16, 4);
        InMemoryImages mirrored = mirror(images);
        try (NDManager m = Engines.newManager()) {
            Network net = Models.build("resnet18_small", 3, HeadSpec.LINEAR, m, 9);
            Evaluator.Detailed a = Evaluator.evaluateDetailed(net, images, PRE, 1, true);
            Evaluator.Detailed b = Evaluator.evaluateDetailed(net, mirrored, PRE, 1, true);
            assertEquals(a.evaluation().loss(), b.evaluation().loss(), 1e-5);
            for (int i = 0; i < a.predictions().size(); i++) {
                assertEquals(a.predictions().get(i).truthProb(), b.predictions().get(i).truthProb(), 1e-5f);
            }
            assertArrayEquals(a.evaluation().confusion(), b.evaluation().confusion());
            double plainA = Evaluator.evaluate(net, images, PRE, 1, false).loss();
            double plainB = Evaluator.evaluate(net, mirrored, PRE, 1, false).loss();
            assertNotEquals(plainA, plainB, 1e-4, "a random network is not mirror-symmetric");
            // TTA's probabilities are the mean of the two plain ones
            Evaluator.Detailed pa = Evaluator.evaluateDetailed(net, images, PRE, 1, false);
            Evaluator.Detailed pb = Evaluator.evaluateDetailed(net, mirrored, PRE, 1, false);
            for (int i = 0; i < pa.predictions().size(); i++) {
                float mean = (pa.predictions().get(i).truthProb() + pb.predictions().get(i).truthProb()) / 2;
                assertEquals(mean, a.predictions().get(i).truthProb(), 1e-5f);
            }
        }
    }

    /** The same images flipped left-right. */
    static InMemoryImages mirror(InMemoryImages src) {
        int s = 16;
        byte[] px = new byte[src.size() * s * s];
        int[] labels = new int[src.size()];
        for (int i = 0; i < src.size(); i++) {
            byte[] p = src.image(i).pixels();
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    px[i * s * s + y * s + x] = p[y * s + s - 1 - x];
                }
            }
            labels[i] = src.label(i);
        }
        return new InMemoryImages("mirrored", s, s, 1, px, labels, List.copyOf(src.labels()));
    }
}
