package dev.graft.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.eval.Outputs;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ECE, temperature scaling, OOD scores, AUROC and thresholds, on numbers worked out by hand. */
class CalibrationTest {

    @Test
    void eceIsTheWeightedGapBetweenConfidenceAndAccuracyPerBin() {
        // 4 images, 2 classes, 2 bins (0, .5] and (.5, 1]:
        // bin 2 holds confidences .9 (right), .8 (wrong), .6 (right): conf .7667, acc .6667, gap .1
        // bin 1 holds confidence exactly .5 (right): conf .5, acc 1, gap .5
        float[][] p = {{0.9f, 0.1f}, {0.2f, 0.8f}, {0.4f, 0.6f}, {0.5f, 0.5f}};
        int[] truth = {0, 0, 1, 0};
        Reliability r = Reliability.of(p, truth, 2);
        assertEquals(1, r.bins().get(0).count());
        assertEquals(3, r.bins().get(1).count());
        assertEquals(2.3 / 3, r.bins().get(1).confidence(), 1e-6);
        assertEquals(2.0 / 3, r.bins().get(1).accuracy(), 1e-9);
        assertEquals(0.75 * 0.1 + 0.25 * 0.5, r.ece(), 1e-6);
        assertEquals(15, Reliability.of(p, truth).bins().size());
    }

    @Test
    void temperatureScalingRecoversAKnownOverconfidence() {
        // labels drawn from softmax(u); the network reports 3u: temperature 3 undoes it
        SplittableRandom rng = new SplittableRandom(5);
        int n = 4000;
        float[][] logits = new float[n][4];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            float[] u = new float[4];
            for (int j = 0; j < 4; j++) {
                u[j] = (float) (1.5 * rng.nextGaussian());
                logits[i][j] = 3 * u[j];
            }
            float[] p = Outputs.softmax(u, 1);
            double r = rng.nextDouble();
            int y = 0;
            for (double acc = p[0]; acc < r && y < 3; acc += p[++y]) {
                // walk the cumulative distribution
            }
            truth[i] = y;
        }
        Outputs o = new Outputs(List.of("a", "b", "c", "d"), logits, null, truth, new int[n]);
        double t = Temperature.fit(o);
        assertEquals(3.0, t, 0.3, "fitted T");
        assertTrue(Temperature.nll(o, t) < Temperature.nll(o, 1));
        Calibration c = Calibration.fit(o, 0.9);
        assertEquals(t, c.temperature(), 1e-12);
        assertTrue(c.ece() < c.eceBefore() / 3, c.eceBefore() + " -> " + c.ece());
        assertNull(c.note());
        assertNotNull(c.rejection());
    }

    @Test
    void aTemperatureAtTheEdgeOfTheRangeIsNotTrusted() {
        // every image right with a wide margin: the NLL falls all the way to T -> 0
        float[][] logits = {{9, 0}, {0, 9}, {8, 1}, {1, 8}};
        Outputs o = new Outputs(List.of("a", "b"), logits, null, new int[] {0, 1, 0, 1}, new int[4]);
        Calibration c = Calibration.fit(o, 0.95);
        assertEquals(1.0, c.temperature());
        assertEquals(Calibration.AT_EDGE, c.note());
    }

    @Test
    void mspAndEnergyFromLogits() {
        float[] z = {2, 0, 0};
        double sum = Math.exp(2) + 2;
        assertEquals(Math.exp(2) / sum, OodScore.MSP.of(z, 1), 1e-12);
        assertEquals(Math.log(sum), OodScore.ENERGY.of(z, 1), 1e-12);
        // at T = 2: logits halve, energy is scaled back by T
        assertEquals(2 * Math.log(Math.exp(1) + 2), OodScore.ENERGY.of(z, 2), 1e-12);
        float[] p = new Calibration(2, 10, 0, 0, 0, 0, null, null).probabilities(z);
        assertEquals(Math.exp(1) / (Math.exp(1) + 2), p[0], 1e-6);
    }

    @Test
    void aurocCountsOrderedPairsAndHalvesTies() {
        // in {.9, .8, .4} against out {.5, .4, .1}: 3 + 3 + (1 + 0.5) = 7.5 of 9 pairs
        assertEquals(7.5 / 9, Auroc.of(new double[] {0.9, 0.8, 0.4}, new double[] {0.5, 0.4, 0.1}), 1e-12);
        assertEquals(1.0, Auroc.of(new double[] {2, 3}, new double[] {1}), 1e-12);
        assertEquals(0.5, Auroc.of(new double[] {1, 1}, new double[] {1}), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Auroc.of(new double[0], new double[] {1}));
    }

    @Test
    void thresholdKeepsAtLeastTheAskedShareOfValidationImages() {
        double[] scores = new double[20];
        for (int i = 0; i < 20; i++) {
            scores[i] = (20 - i) / 20.0; // 1.0, 0.95, ..., 0.05
        }
        Rejection r = Rejection.suggest(OodScore.MSP, scores, 0.95);
        // reject floor(0.05 * 20) = 1 image: the lowest kept is 0.10
        assertEquals(0.10, r.threshold(), 1e-12);
        assertEquals(0.15, r.thresholdFor(0.90), 1e-12);
        assertEquals(0.05, r.thresholdFor(1.0), 1e-12);
        assertEquals(0.95, Auroc.acceptedShare(scores, r.threshold()), 1e-12);
        // 0.925 rounds up to the 93% entry: reject floor(0.07 * 20) = 1, so threshold .10 again
        assertEquals(0.10, r.thresholdFor(0.925), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> r.thresholdFor(0));
        assertTrue(Calibration.rejects(new float[] {0.4f, 0.35f, 0.25f}, 0.5));
        assertTrue(!Calibration.rejects(new float[] {0.6f, 0.4f}, 0.5));
    }
}
