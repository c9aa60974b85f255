package dev.graft.gen.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SampleMetricsTest {
    @Test
    void domainAccuracyCountsPredictionsInTheTargetClasses() {
        assertEquals(0.5, SampleMetrics.domainAccuracy(new int[] {9, 9, 3, 0}, new int[] {9}), 0);
        assertEquals(0.75, SampleMetrics.domainAccuracy(new int[] {9, 8, 3, 8}, new int[] {8, 9}), 0);
        assertTrue(Double.isNaN(SampleMetrics.domainAccuracy(new int[] {1}, new int[0])));
    }

    @Test
    void diversityIsZeroForACollapsedSampleAndHandComputedOtherwise() {
        float[] same = {1, 2, 1, 2, 1, 2};
        assertEquals(0, SampleMetrics.diversity(same, 2), 0);
        // points (0,0), (3,0), (0,4): pair distances 3, 4, 5
        float[] tri = {0, 0, 3, 0, 0, 4};
        assertEquals(4.0, SampleMetrics.diversity(tri, 2), 1e-12);
        float[] scaled = {0, 0, 6, 0, 0, 8};
        assertEquals(8.0, SampleMetrics.diversity(scaled, 2), 1e-12, "scales with the spread");
    }

    @Test
    void memorisationIsZeroForCopiesAndOneForSamplesLikeTheHeldOutImages() {
        float[] train = {0, 0, 10, 0, 0, 10};
        float[] heldOut = {1, 0, 10, 2, 0, 13};            // nearest distances 1, 2, 3: mean 2
        SampleMetrics.Memorisation copies = SampleMetrics.memorisation(train.clone(), train, heldOut, 2);
        assertEquals(0, copies.sampleToTrain(), 0);
        assertEquals(2, copies.heldOutToTrain(), 1e-12);
        assertEquals(0, copies.ratio(), 0);
        SampleMetrics.Memorisation novel = SampleMetrics.memorisation(heldOut.clone(), train, heldOut, 2);
        assertEquals(1, novel.ratio(), 1e-12);
        float[] far = {5, 5, 20, 20};                      // distances √50 and √200
        assertTrue(SampleMetrics.memorisation(far, train, heldOut, 2).ratio() > 1);
    }
}
