package dev.graft.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Heat-map arithmetic with values chosen by hand. */
class HeatMapTest {
    @Test
    void normalisesToOneAndAnEmptyMapBecomesUniform() {
        HeatMap h = HeatMap.normalise(1, 4, new float[] {0, 1, 1, 2});
        assertArrayEquals(new float[] {0, 0.25f, 0.25f, 0.5f}, h.values());
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, HeatMap.normalise(2, 2, new float[4]).values());
        assertThrows(IllegalArgumentException.class, () -> HeatMap.normalise(1, 2, new float[] {1, Float.NaN}));
        assertThrows(IllegalArgumentException.class, () -> HeatMap.normalise(1, 2, new float[] {1, -1}));
    }

    @Test
    void massInHalvesSplitsAnOddMiddleColumn() {
        // 2 rows x 3 columns; the middle column straddles the middle and counts half to each side
        HeatMap h = HeatMap.normalise(2, 3, new float[] {1, 2, 3, 1, 0, 3});
        // sum 10: left = (1 + 1) + (2 + 0) / 2 = 3 -> 0.3; right = (3 + 3) + 1 = 7 -> 0.7
        assertEquals(0.3, h.massInColumns(0, 0.5), 1e-6);
        assertEquals(0.7, h.massInColumns(0.5, 1), 1e-6);
        assertEquals(1.0, h.massInColumns(0, 1), 1e-6);
        assertEquals(0.2, h.massInColumns(0, 1.0 / 3), 1e-6);
    }

    @Test
    void gridIsRowsOfColumnsAndResamplingKeepsAConstantMap() {
        HeatMap h = HeatMap.normalise(2, 3, new float[] {1, 2, 3, 4, 5, 6});
        double[][] g = h.grid();
        assertEquals(2, g.length);
        assertEquals(3, g[0].length);
        assertEquals(6 / 21.0, g[1][2], 1e-6);
        float[] up = HeatMap.normalise(2, 2, new float[] {1, 1, 1, 1}).resample(7, 5);
        for (float v : up) {
            assertEquals(0.25f, v, 1e-7);
        }
        // bilinear: the left edge keeps column 0's value, the middle of 2 columns is their mean
        float[] row = HeatMap.normalise(1, 2, new float[] {0, 4}).resample(4, 1);
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, row, 1e-6f);
    }
}
