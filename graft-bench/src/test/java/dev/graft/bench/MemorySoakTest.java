package dev.graft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemorySoakTest {
    private static List<MemorySoak.Sample> rss(long... mb) {
        List<MemorySoak.Sample> out = new ArrayList<>();
        for (int i = 0; i < mb.length; i++) {
            out.add(new MemorySoak.Sample("p", i + 1, mb[i], 0, 0));
        }
        return out;
    }

    @Test
    void growthIsTheSlopeOfTheSecondHalfOnly() {
        // the warm-up jump in the first half must not count; the second half climbs 3 MB per epoch
        assertEquals(3.0, MemorySoak.lateGrowth(rss(100, 900, 1000, 1003, 1006, 1009)), 1e-9);
        assertEquals(0.0, MemorySoak.lateGrowth(rss(100, 900, 1000, 1000, 1000, 1000)), 1e-9);
        // least squares through (0, 1000), (1, 1004), (2, 1002), (3, 1006): slope 1.6
        assertEquals(1.6, MemorySoak.lateGrowth(rss(1, 2, 3, 4, 1000, 1004, 1002, 1006)), 1e-9);
    }

    @Test
    void tooFewSamplesGiveNaN() {
        assertTrue(Double.isNaN(MemorySoak.lateGrowth(rss(1, 2, 3))));
    }

    @Test
    void readsThisProcessRss() {
        assertTrue(MemorySoak.rssMb() > 0, "VmRSS should be readable on Linux");
    }
}
