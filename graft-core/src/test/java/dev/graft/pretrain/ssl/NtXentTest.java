package dev.graft.pretrain.ssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.engine.Engines;
import org.junit.jupiter.api.Test;

/** NT-Xent on projections small enough to work out by hand. */
class NtXentTest {
    /**
     * Two images, two views each, views identical: rows [1,0], [0,1], [1,0], [0,1]. Each row's
     * partner has cosine 1 and its two other candidates cosine 0, so at temperature 1 every row's
     * loss is -log(e / (e + 2)) = log(1 + 2/e).
     */
    @Test
    void identicalViewsOfOrthogonalImages() {
        Engines.start(1);
        try (NDManager m = Engines.newManager()) {
            var z = m.create(new float[] {1, 0, 0, 1, 1, 0, 0, 1}, new Shape(4, 2));
            assertEquals(Math.log(1 + 2 / Math.E), NtXent.loss(z, 1f).getFloat(), 1e-6);
            // lengths do not matter (cosine), the temperature sharpens: log(1 + 2 e^{-1/0.5})
            var scaled = m.create(new float[] {3, 0, 0, 2, 5, 0, 0, 7}, new Shape(4, 2));
            assertEquals(Math.log(1 + 2 * Math.exp(-2)), NtXent.loss(scaled, 0.5f).getFloat(), 1e-6);
        }
    }

    /**
     * Swapped partners: views of image 0 are [1,0] and [0,1], of image 1 [0,1] and [1,0]. Row 0
     * ([1,0]) has partner row 2 ([0,1], cosine 0) and candidates row 1 ([0,1], 0) and row 3
     * ([1,0], 1): loss -log(1 / (1 + 1 + e)) = log(2 + e), the same for every row.
     */
    @Test
    void aPartnerThatLooksLikeTheWrongImage() {
        Engines.start(1);
        try (NDManager m = Engines.newManager()) {
            var z = m.create(new float[] {1, 0, 0, 1, 0, 1, 1, 0}, new Shape(4, 2));
            assertEquals(Math.log(2 + Math.E), NtXent.loss(z, 1f).getFloat(), 1e-6);
            assertThrows(IllegalArgumentException.class,
                    () -> NtXent.loss(m.create(new float[] {1, 0, 0, 1, 1, 1}, new Shape(3, 2)), 1f));
        }
    }
}
