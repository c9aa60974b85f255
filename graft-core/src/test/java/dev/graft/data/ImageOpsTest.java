package dev.graft.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.graft.train.CraftExpected;
import org.junit.jupiter.api.Test;

/** Colour and RandAugment operations against torchvision's values and hand-derived cases. */
class ImageOpsTest {
    static final float[] IMG = {0.9f, 0.2f, 0.4f, 0.6f, 0.1f, 0.5f, 0.3f, 0.8f, 0.3f, 0.7f, 0.2f, 0.1f};

    static float[] ramp5() {
        float[] x = new float[75];
        for (int i = 0; i < 75; i++) {
            float v = i / 74f;
            x[i] = v * v;
        }
        return x;
    }

    /** round(255 · (i/1199)³) / 255 for i in 0..1199: a 20x20 RGB image with many repeated 8-bit values. */
    static float[] cubes20() {
        float[] x = new float[1200];
        for (int i = 0; i < 1200; i++) {
            double v = i / 1199.0;
            x[i] = Math.round(255 * v * v * v) / 255f;
        }
        return x;
    }

    @Test
    void colourOperationsMatchTorchvision() {
        float[] c = IMG.clone();
        ImageOps.contrast(c, 4, 0.5f);
        assertArrayEquals(CraftExpected.CONTRAST_05, c, 1e-6f);
        float[] s = IMG.clone();
        ImageOps.saturation(s, 4, 0.3f);
        assertArrayEquals(CraftExpected.SATURATION_03, s, 1e-6f);
        float[] h = IMG.clone();
        ImageOps.hue(h, 4, 0.2f);
        assertArrayEquals(CraftExpected.HUE_02, h, 1e-5f);
        float[] h2 = IMG.clone();
        ImageOps.hue(h2, 4, -0.35f);
        assertArrayEquals(CraftExpected.HUE_M035, h2, 1e-5f);
        float[] sh = ramp5();
        ImageOps.sharpness(sh, 5, 5, 1.7f);
        assertArrayEquals(CraftExpected.SHARPNESS_17, sh, 1e-6f);
        float[] eq = cubes20();
        ImageOps.equalize(eq, 400);
        assertArrayEquals(CraftExpected.EQUALIZE, eq, 1e-6f);
    }

    @Test
    void handDerivedCases() {
        float[] b = IMG.clone();
        ImageOps.brightness(b, 2f);
        assertEquals(1f, b[0]); // 1.8 clamps
        assertEquals(0.4f, b[1], 1e-7f);
        float[] p = {100 / 255f, 200 / 255f, 7 / 255f, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        ImageOps.posterize(p, 2); // keep the top two bits: 100 -> 64, 200 -> 192, 7 -> 0
        assertArrayEquals(new float[] {64 / 255f, 192 / 255f, 0}, java.util.Arrays.copyOf(p, 3), 1e-7f);
        float[] so = {0.2f, 0.6f, 0.7f, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        ImageOps.solarize(so, 0.6f);
        assertArrayEquals(new float[] {0.2f, 0.4f, 0.3f}, java.util.Arrays.copyOf(so, 3), 1e-6f);
        float[] ac = {0.2f, 0.4f, 0.3f, 0.6f, 0.5f, 0.5f, 0.5f, 0.5f, 0, 1, 0, 1};
        ImageOps.autocontrast(ac, 4);
        assertArrayEquals(new float[] {0, 0.5f, 0.25f, 1, 0.5f, 0.5f, 0.5f, 0.5f, 0, 1, 0, 1}, ac, 1e-6f);
        float[] red = {1, 0, 0};
        ImageOps.hue(red, 1, 1f / 3); // a third of the wheel: red becomes green
        assertArrayEquals(new float[] {0, 1, 0}, red, 1e-6f);
    }

    @Test
    void rotationByNinetyDegreesIsAPermutation() {
        int n = 4;
        float[] img = new float[3 * n * n];
        for (int i = 0; i < img.length; i++) {
            img[i] = i / (float) img.length;
        }
        float[] r = img.clone();
        ImageOps.rotate(r, n, n, 90);
        float[] back = r.clone();
        ImageOps.rotate(back, n, n, -90);
        assertArrayEquals(img, back, 0f);
        assertFalse(java.util.Arrays.equals(img, r));
        float[] four = img.clone();
        for (int k = 0; k < 4; k++) {
            ImageOps.rotate(four, n, n, 90);
        }
        assertArrayEquals(img, four, 0f);
    }

    @Test
    void everyRandAugmentOperationButIdentityChangesAnImage() {
        for (int op = 0; op < RandAugment.OPS.size(); op++) {
            float[] img = cubes20();
            RandAugment.applyOp(op, img, 20, 30, 1);
            boolean same = java.util.Arrays.equals(cubes20(), img);
            assertEquals(op == 0, same, RandAugment.OPS.get(op));
        }
    }

    @Test
    void magnitudeZeroLeavesColourFactorsAtOne() {
        for (int op = 6; op <= 9; op++) { // Brightness, Color, Contrast, Sharpness
            float[] img = ramp8();
            RandAugment.applyOp(op, img, 8, 0, 1);
            assertArrayEquals(ramp8(), img, 1e-6f, RandAugment.OPS.get(op));
        }
    }

    /** An 8x8 colour image with distinct, non-saturated values and a dark-to-light gradient. */
    private static float[] ramp8() {
        float[] x = new float[3 * 64];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 64; i++) {
                x[c * 64 + i] = 0.05f + 0.8f * ((i * 7 + c * 13) % 64) / 63f;
            }
        }
        return x;
    }
}
