package dev.graft.pretrain.ssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The kNN and linear-probe monitors on toy features whose answers are known. */
class MonitorsTest {
    /**
     * Bank: class 0 points along +x, class 1 along +y, plus one class-1 point close to +x. With
     * k = 1 a query near +x takes that outlier's class; with k = 3 the two class-0 neighbours
     * outvote it, because their similarities are close and the votes weigh exp(s / t).
     */
    @Test
    void knnVotesOfTheNearestWeightedBySimilarity() {
        Features bank = new Features(new float[][] {{1, 0.05f}, {1, -0.05f}, {1, 0.01f}, {0, 1}, {0.1f, 1}},
                new int[] {0, 0, 1, 1, 1}, 2);
        Features queries = new Features(new float[][] {{2, 0.02f}, {0.05f, 3}}, new int[] {0, 1}, 2);
        assertEquals(0.5, KnnMonitor.accuracy(bank, queries, 1, 0.07), 1e-12); // the outlier wins query 0
        assertEquals(1.0, KnnMonitor.accuracy(bank, queries, 3, 0.07), 1e-12);
        // cosine, not distance: scaling a query changes nothing
        Features far = new Features(new float[][] {{200, 2}, {5, 300}}, new int[] {0, 1}, 2);
        assertEquals(1.0, KnnMonitor.accuracy(bank, far, 3, 0.07), 1e-12);
    }

    /**
     * Three classes told apart by one feature in a different unit each (one feature scaled by
     * 1000, an irrelevant one of huge spread): the probe must standardise to find them, and its
     * folded weights must predict on raw features exactly as trained.
     */
    @Test
    void linearProbeSeparatesSeparableClassesOnRawFeatures() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        int n = 90;
        float[][] x = new float[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            x[i] = new float[] {(float) (1000 * (y[i] + 0.2 * r.nextDouble())), (float) (1e4 * r.nextDouble()),
                    (float) (y[i] == 2 ? 1 : 0) + 0.1f * (float) r.nextDouble()};
        }
        Features train = new Features(x, y, 3);
        LinearProbe p = LinearProbe.fit(train);
        assertEquals(1.0, p.accuracy(train), 1e-12);
        float[][] tx = {{1100, 5000, 0.05f}, {2050, 10, 1.02f}, {2100, 9000, 1.0f}, {90, 7000, 0}};
        Features test = new Features(tx, new int[] {1, 2, 2, 0}, 3);
        assertTrue(p.accuracy(test) == 1.0, "probe accuracy on held-out points " + p.accuracy(test));
    }
}
