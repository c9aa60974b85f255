package dev.graft.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.engine.Engines;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Mixup, cutmix, the soft-target and class-weighted losses, and one-cycle against PyTorch. */
class MixingAndLossTest {
    static final float[] LOGITS = {2.0f, -1.0f, 0.5f, 0.1f, 0.3f, -0.7f, -1.2f, 0.4f, 1.5f, 0.0f, 2.2f, -0.3f};
    static final int[] LABELS = {0, 2, 2, 1};
    static final List<Float> WEIGHTS = List.of(0.5f, 2.0f, 1.25f);
    static final float[] SOFT = {0.7f, 0.3f, 0f, 0f, 0.2f, 0.8f, 0.5f, 0f, 0.5f, 0.1f, 0.9f, 0f};

    /** A batch of n images 1x4x4 where image i holds the value i everywhere, labels i % classes. */
    static TensorBatch constantImages(int n, int classes) {
        float[] x = new float[n * 16];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(x, i * 16, (i + 1) * 16, i);
            y[i] = i % classes;
        }
        return new TensorBatch(x, new long[] {n, 1, 4, 4}, y);
    }

    @Test
    void mixupBlendsEachImageWithItsMirrorPartner() {
        TensorBatch b = constantImages(6, 3);
        TensorBatch m = new BatchMixer(0.4f, 0f, 3).mix(b, new SplittableRandom(3));
        assertTrue(m.soft());
        for (int i = 0; i < 6; i++) {
            int j = 5 - i;
            // pixel value = lam*i + (1-lam)*j, so lam = (v - j) / (i - j)
            float v = m.x()[i * 16];
            for (int k = 1; k < 16; k++) {
                assertEquals(v, m.x()[i * 16 + k], 1e-6f, "mixup blends whole images");
            }
            double lam = (v - j) / (double) (i - j);
            float[] t = java.util.Arrays.copyOfRange(m.targets(), i * 3, i * 3 + 3);
            float[] expected = new float[3];
            expected[i % 3] += (float) lam;
            expected[j % 3] += (float) (1 - lam);
            assertArrayEquals(expected, t, 1e-5f, "row " + i);
        }
        assertArrayEquals(constantImages(6, 3).x(), b.x(), 0f, "the input batch is left alone");
    }

    @Test
    void cutmixPastesABoxAndWeighsTargetsByArea() {
        TensorBatch b = constantImages(4, 4);
        boolean sawBox = false;
        for (int seed = 0; seed < 20; seed++) {
            TensorBatch m = new BatchMixer(0f, 1f, 4).mix(b, new SplittableRandom(seed));
            for (int i = 0; i < 4; i++) {
                int j = 3 - i;
                int fromPartner = 0;
                for (int k = 0; k < 16; k++) {
                    float v = m.x()[i * 16 + k];
                    assertTrue(v == i || v == j, "every pixel is one of the two images");
                    fromPartner += v == j && i != j ? 1 : 0;
                }
                double lam = 1 - fromPartner / 16.0;
                assertEquals(lam, m.targets()[i * 4 + i], 1e-6, "true class weight = kept area");
                assertEquals(1 - lam, m.targets()[i * 4 + j], 1e-6, "partner class weight = pasted area");
                sawBox |= fromPartner > 0 && fromPartner < 16;
            }
        }
        assertTrue(sawBox, "some batch pasted a partial box");
    }

    @Test
    void betaSamplesHaveTheRightMoments() {
        SplittableRandom rng = new SplittableRandom(1);
        double a = 0.2;
        int n = 20000;
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double x = BatchMixer.beta(a, rng);
            assertTrue(x >= 0 && x <= 1);
            sum += x;
            sq += x * x;
        }
        double mean = sum / n;
        double var = sq / n - mean * mean;
        assertEquals(0.5, mean, 0.01);
        assertEquals(1 / (4 * (2 * a + 1)), var, 0.01); // Beta(a, a): 1 / (4(2a + 1)) = 0.1786
    }

    @Test
    void weightedAndSoftLossesMatchPyTorch() {
        try (NDManager m = Engines.newManager()) {
            NDArray logits = m.create(LOGITS, new Shape(4, 3));
            TrainConfig plain = TrainConfig.builder().optLabelSmoothing(0).optClassWeights(WEIGHTS).build();
            TrainConfig smooth = plain.toBuilder().optLabelSmoothing(0.1f).build();
            assertEquals(CraftExpected.WEIGHTED_CE, Losses.forBatch(logits, new TensorBatch(new float[0],
                    new long[] {4}, LABELS), plain).getFloat(), 1e-6f);
            assertEquals(CraftExpected.WEIGHTED_CE_SMOOTH, Losses.forBatch(logits, new TensorBatch(new float[0],
                    new long[] {4}, LABELS), smooth).getFloat(), 1e-6f);
            TensorBatch soft = new TensorBatch(new float[0], new long[] {4}, LABELS, SOFT);
            assertEquals(CraftExpected.WEIGHTED_SOFT_CE, Losses.forBatch(logits, soft, plain).getFloat(), 1e-6f);
            // without weights, soft targets give the plain soft cross-entropy, hard labels the usual one
            TrainConfig none = TrainConfig.builder().optLabelSmoothing(0).build();
            assertEquals(Losses.softCrossEntropy(logits, m.create(SOFT, new Shape(4, 3))).getFloat(),
                    Losses.forBatch(logits, soft, none).getFloat(), 0f);
            float hard = Losses.forBatch(logits, new TensorBatch(new float[0], new long[] {4}, LABELS), none)
                    .getFloat();
            assertFalse(Math.abs(hard - Losses.forBatch(logits, soft, none).getFloat()) < 1e-3,
                    "soft targets must change the loss");
        }
    }

    @Test
    void oneCycleMatchesPyTorch() {
        LrSchedule s = new LrSchedule(1f, 3, 10, TrainConfig.Schedule.ONECYCLE);
        for (int i = 0; i < 10; i++) {
            assertEquals(CraftExpected.ONECYCLE_10[i], s.at(i), 1e-6f, "step " + i);
        }
    }
}
