package dev.graft.gen.ddpm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.graft.gen.GenModel;
import dev.graft.gen.Noise;
import dev.graft.testing.AllClose;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DdpmTest {
    @Test
    void aTrainingStepLowersTheLossOnAFixedBatch() {
        try (GenModel model = GenModel.ddpm(UNetConfig.tiny(), NoiseSchedule.linear(), 4, 1)) {
            Ddpm ddpm = (Ddpm) model.generator();
            float[] batch = fixedBatch(8);
            DdpmObjective objective = new DdpmObjective(ddpm, java.util.Map.of(), 0f, 5);
            double before = loss(model, ddpm, batch);
            for (int i = 0; i < 2; i++) {
                try (NDManager sm = model.manager().newSubManager()) {
                    // step 0 every time: the same timesteps and noise as the loss measured above
                    objective.step(sm, batch, 8, 0, 2e-3f);
                }
            }
            double after = loss(model, ddpm, batch);
            assertTrue(after < before, "loss " + before + " -> " + after);
        }
    }

    @Test
    void ddimSamplingIsDeterministicForASeed() {
        try (GenModel model = GenModel.ddpm(UNetConfig.tiny(), NoiseSchedule.linear(), 2, 2)) {
            Ddpm ddpm = (Ddpm) model.generator();
            float[] a = ddpm.sample(3, 11);
            float[] b = ddpm.sample(3, 11);
            assertArrayEquals(a, b, "same seed, same images");
            assertFalse(Arrays.equals(a, ddpm.sample(3, 12)), "another seed, other images");
            float[] firstTwo = ddpm.sample(2, 11);
            AllClose.assertAllClose(firstTwo, Arrays.copyOf(a, firstTwo.length), 1e-4, 1e-5,
                    "image k depends on (seed, k), not on how many are drawn");
            for (float v : a) {
                assertTrue(v >= -1.0001f && v <= 1.0001f, "DDIM keeps values in [-1, 1] " + v);
            }
        }
    }

    @Test
    void ddimVisitsEvenlySpacedTimestepsFromPureNoise() {
        try (GenModel model = GenModel.ddpm(UNetConfig.tiny(), NoiseSchedule.linear(), 4, 2)) {
            assertArrayEquals(new int[] {999, 749, 499, 249}, ((Ddpm) model.generator()).ddimTimesteps());
        }
    }

    @Test
    void scheduleMatchesTheClosedForm() {
        double[] ab = NoiseSchedule.linear().alphaBar();
        assertEquals(1 - 1e-4, ab[0], 1e-15);
        assertEquals((1 - 1e-4) * (1 - (1e-4 + 0.0199 / 999)), ab[1], 1e-15);
        assertEquals(4.04e-5, ab[999], 1e-6); // DDPM's well-known alpha-bar at T
    }

    @Test
    void unetKeepsTheImageShape() {
        try (GenModel model = GenModel.ddpm(UNetConfig.tiny(), NoiseSchedule.linear(), 1, 3)) {
            Ddpm ddpm = (Ddpm) model.generator();
            assertEquals(784, ddpm.sample(1, 0).length);
            assertTrue(ddpm.unet().namedParams().containsKey("down.0.res.conv1.weight"));
            assertTrue(ddpm.unet().namedParams().containsKey("up.0.upsample.weight"));
        }
    }

    static float[] fixedBatch(int n) {
        float[] x = Noise.gaussian(99, 0, n, 784);
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.max(-1, Math.min(1, x[i] * 0.5f));
        }
        return x;
    }

    private static double loss(GenModel model, Ddpm ddpm, float[] batch) {
        try (NDManager sm = model.manager().newSubManager()) {
            return ddpm.loss(sm, batch, 8, 5, 0).getFloat();
        }
    }
}
