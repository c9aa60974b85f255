package dev.graft.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.graft.engine.Engines;
import org.junit.jupiter.api.Test;

/** Pooling windows checked against values derived by hand from PyTorch's rules. */
class PoolingTest {

    @Test
    void adaptiveWindowsFollowPyTorchsFloorAndCeil() {
        // 2 -> 7: rows 0,0,0,(0..1),1,1,1; 5 -> 3: [0,2), [1,4), [3,5)
        int[][] twoToSeven = {{0, 1}, {0, 1}, {0, 1}, {0, 2}, {1, 2}, {1, 2}, {1, 2}};
        for (int i = 0; i < 7; i++) {
            assertEquals(twoToSeven[i][0], Pooling.windowStart(i, 2, 7), "start " + i);
            assertEquals(twoToSeven[i][1], Pooling.windowEnd(i, 2, 7), "end " + i);
        }
        int[][] fiveToThree = {{0, 2}, {1, 4}, {3, 5}};
        for (int i = 0; i < 3; i++) {
            assertEquals(fiveToThree[i][0], Pooling.windowStart(i, 5, 3));
            assertEquals(fiveToThree[i][1], Pooling.windowEnd(i, 5, 3));
        }
    }

    @Test
    void adaptivePoolUpsamplesASmallMapAsVggDoesAt64Pixels() {
        try (NDManager m = Engines.newManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            float[] y = Pooling.adaptiveAvgPool(x, 7, 7).toFloatArray();
            // row r of the output: input row 0 for r < 3, both rows for r = 3, row 1 after; columns alike
            float[] rowVals0 = {1, 1, 1, 1.5f, 2, 2, 2};
            float[] rowVals1 = {3, 3, 3, 3.5f, 4, 4, 4};
            for (int r = 0; r < 7; r++) {
                for (int c = 0; c < 7; c++) {
                    float expected = r < 3 ? rowVals0[c] : r > 3 ? rowVals1[c] : (rowVals0[c] + rowVals1[c]) / 2;
                    assertEquals(expected, y[r * 7 + c], 1e-6f, "(" + r + ", " + c + ")");
                }
            }
        }
    }

    @Test
    void adaptivePoolDownsamplesWithOverlappingWindows() {
        try (NDManager m = Engines.newManager()) {
            float[] v = new float[25];
            for (int i = 0; i < 25; i++) {
                v[i] = i;
            }
            NDArray x = m.create(v, new Shape(1, 1, 5, 5));
            float[] y = Pooling.adaptiveAvgPool(x, 3, 3).toFloatArray();
            // value = 5*row + col, so a window's mean is 5*mean(rows) + mean(cols); windows [0,2) [1,4) [3,5)
            float[] mean = {0.5f, 2f, 3.5f};
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(5 * mean[r] + mean[c], y[r * 3 + c], 1e-5f);
                }
            }
            assertArrayEquals(new long[] {1, 1, 3, 3}, Pooling.adaptiveAvgPool(x, 3, 3).getShape().getShape());
            assertEquals(x, Pooling.adaptiveAvgPool(x, 5, 5), "same size is the identity");
        }
    }

    @Test
    void adaptivePoolPassesGradientsBackToEveryInputCell() {
        try (NDManager m = Engines.newManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(Pooling.adaptiveAvgPool(x, 7, 7).sum());
            }
            // each input cell feeds 3.5 of the 7 output rows and 3.5 of the 7 columns
            assertArrayEquals(new float[] {12.25f, 12.25f, 12.25f, 12.25f}, x.getGradient().toFloatArray(), 1e-5f);
        }
    }

    @Test
    void averagePoolCountsPaddingOnlyWhenAsked() {
        try (NDManager m = Engines.newManager()) {
            NDArray ones = m.ones(new Shape(1, 1, 3, 3));
            float[] incl = Pooling.avgPool(3, 1, 1, false, true).forward(ones, Ctx.EVAL).toFloatArray();
            // corners see 4 of 9 cells, edges 6, the centre 9
            assertArrayEquals(new float[] {4 / 9f, 6 / 9f, 4 / 9f, 6 / 9f, 1, 6 / 9f, 4 / 9f, 6 / 9f, 4 / 9f}, incl, 1e-6f);
            float[] excl = Pooling.avgPool(3, 1, 1, false, false).forward(ones, Ctx.EVAL).toFloatArray();
            assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, excl, 1e-6f);
            NDArray four = m.ones(new Shape(1, 1, 4, 4));
            assertArrayEquals(new long[] {1, 1, 2, 2},
                    Pooling.avgPool(3, 2, 0, true, true).forward(four, Ctx.EVAL).getShape().getShape(),
                    "ceil mode keeps the window that starts inside the input");
            assertArrayEquals(new long[] {1, 1, 1, 1},
                    Pooling.avgPool(3, 2, 0, false, true).forward(four, Ctx.EVAL).getShape().getShape());
        }
    }

    @Test
    void averagePoolInCeilModeMatchesPyTorchsDivisors() {
        try (NDManager m = Engines.newManager()) {
            float[] v = new float[36];
            for (int i = 0; i < 36; i++) {
                v[i] = i;
            }
            NDArray x = m.create(v, new Shape(1, 1, 6, 6));
            for (boolean include : new boolean[] {true, false}) {
                float[] y = Pooling.avgPool(3, 2, 1, true, include).forward(x, Ctx.EVAL).toFloatArray();
                assertArrayEquals(referenceAvgPool(v, 6, 3, 2, 1, 4, include), y, 1e-5f, "include pad " + include);
            }
            // two outputs as torch 1.13 printed them for F.avg_pool2d(arange(36).reshape(1,1,6,6), 3, 2, 1, ceil_mode=True)
            float[] incl = Pooling.avgPool(3, 2, 1, true, true).forward(x, Ctx.EVAL).toFloatArray();
            assertEquals(2.6666667f, incl[3], 1e-6f);
            assertEquals(3.5f, Pooling.avgPool(3, 2, 1, true, false).forward(x, Ctx.EVAL).toFloatArray()[0], 1e-6f);
        }
    }

    /**
     * PyTorch's avg_pool2d rule written out: window [o·s - p, min(o·s - p + k, n + p)); the divisor
     * is that window's area (padding included) or the count of its cells inside the input.
     */
    private static float[] referenceAvgPool(float[] x, int n, int k, int s, int p, int out, boolean includePad) {
        float[] y = new float[out * out];
        for (int oy = 0; oy < out; oy++) {
            for (int ox = 0; ox < out; ox++) {
                int y0 = oy * s - p;
                int x0 = ox * s - p;
                int y1 = Math.min(y0 + k, n + p);
                int x1 = Math.min(x0 + k, n + p);
                int area = (y1 - y0) * (x1 - x0);
                float sum = 0;
                int valid = 0;
                for (int r = Math.max(y0, 0); r < Math.min(y1, n); r++) {
                    for (int c = Math.max(x0, 0); c < Math.min(x1, n); c++) {
                        sum += x[r * n + c];
                        valid++;
                    }
                }
                y[oy * out + ox] = sum / (includePad ? area : valid);
            }
        }
        return y;
    }
}
