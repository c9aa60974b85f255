package dev.graft.review;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.testing.TinyData;
import dev.graft.train.FeatureCache;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Confident learning's thresholds and flags, cross-fitting's folds, and the probe, on known data. */
class ConfidentLearningTest {

    @Test
    void thresholdsAreMeanSelfConfidenceAndFlagsNeedAConfidentOtherClass() {
        float[][] p = {
            {0.9f, 0.1f, 0.0f}, // 0: given 0, fine
            {0.7f, 0.2f, 0.1f}, // 1: given 0, fine
            {0.2f, 0.7f, 0.1f}, // 2: given 0, below t0 and class 1 reaches t1: flagged, suggest 1
            {0.1f, 0.8f, 0.1f}, // 3: given 1, fine
            {0.6f, 0.4f, 0.0f}, // 4: given 1, below t1 and class 0 reaches t0: flagged, suggest 0
            {0.4f, 0.2f, 0.4f}, // 5: given 2, exactly at t2 = .4: not below it
            {0.3f, 0.2f, 0.5f}, // 6: given 1, below t1 and class 2 reaches t2: flagged, suggest 2
            {0.45f, 0.35f, 0.2f}, // 7: given 0, below t0, but no other class reaches its threshold
        };
        int[] given = {0, 0, 0, 1, 1, 2, 1, 0};
        double[] t = ConfidentLearning.thresholds(p, given, 3);
        assertArrayEquals(new double[] {(0.9 + 0.7 + 0.2 + 0.45) / 4, (0.8 + 0.4 + 0.2) / 3, 0.4}, t, 1e-6);
        ConfidentLearning.Result r = ConfidentLearning.find(p, given, 3);
        // most likely wrong first (score = 1 - p(given)), ties by row
        assertEquals(List.of(2, 6, 4), r.issues().stream().map(ConfidentLearning.Issue::row).toList());
        assertEquals(0.8, r.issues().get(0).score(), 1e-6);
        assertEquals(1, r.issues().get(0).suggested());
        assertEquals(2, r.issues().get(1).suggested());
        assertEquals(0, r.issues().get(2).suggested());
    }

    @Test
    void foldsAreStratifiedBalancedAndSeeded() {
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            labels[i] = i < 70 ? 0 : 1;
        }
        int[] f = CrossFit.folds(labels, 2, 5, 3);
        assertArrayEquals(f, CrossFit.folds(labels, 2, 5, 3));
        for (int k = 0; k < 5; k++) {
            int kk = k;
            long zeros = java.util.stream.IntStream.range(0, 70).filter(i -> f[i] == kk).count();
            long ones = java.util.stream.IntStream.range(70, 100).filter(i -> f[i] == kk).count();
            assertEquals(14, zeros, "class 0 split evenly");
            assertEquals(6, ones, "class 1 split evenly");
        }
    }

    @Test
    void crossFittedProbeFindsFlippedLabelsInSeparableClusters() {
        // 3 well-separated clusters of 80, and 10% of the labels moved to another class
        FeatureCache clean = TinyData.clusters(new SplittableRandom(11), new int[] {80, 80, 80}, 6, 0);
        int[] truth = clean.labels();
        int[] given = truth.clone();
        SplittableRandom rng = new SplittableRandom(12);
        for (int i = 0; i < given.length; i++) {
            if (rng.nextDouble() < 0.1) {
                given[i] = (truth[i] + 1 + rng.nextInt(2)) % 3;
            }
        }
        FeatureCache noisy = new FeatureCache(clean.x(), 8, given);
        int[] fold = CrossFit.folds(given, 3, 5, 0);
        float[][] p = CrossFit.probabilities(fold, 5, new SoftmaxProbe(noisy.x(), 8, given, 3), 2);
        List<ConfidentLearning.Issue> issues = ConfidentLearning.find(p, given, 3).issues();
        long flipped = java.util.stream.IntStream.range(0, given.length).filter(i -> given[i] != truth[i]).count();
        long hits = issues.stream().filter(i -> given[i.row()] != truth[i.row()]).count();
        assertTrue(flipped >= 10, "the draw flipped " + flipped);
        assertTrue(hits >= 0.9 * flipped, hits + " of " + flipped + " flipped labels found");
        assertTrue(hits >= 0.9 * issues.size(), hits + " of " + issues.size() + " flags are flipped labels");
        issues.forEach(i -> assertEquals(truth[i.row()], i.suggested(), "suggests the true class"));
        for (float[] row : p) {
            double sum = 0;
            for (float v : row) {
                sum += v;
            }
            assertEquals(1.0, sum, 1e-5);
        }
    }
}
