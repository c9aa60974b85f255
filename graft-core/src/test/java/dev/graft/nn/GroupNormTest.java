package dev.graft.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.engine.Engines;
import dev.graft.testing.AllClose;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GroupNormTest {
    @Test
    void normalisesEachGroupOfEachSampleThenScalesPerChannel() {
        int n = 2;
        int c = 6;
        int groups = 3;
        int hw = 5;
        float[] x = new float[n * c * hw];
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextDouble() * 4 - 1);
        }
        float[] w = {1, 2, 3, 0.5f, -1, 1};
        float[] b = {0, 1, -1, 0, 2, 0};
        float[] expected = new float[x.length];
        int per = c / groups * hw;
        for (int s = 0; s < n; s++) {
            for (int g = 0; g < groups; g++) {
                int o = s * c * hw + g * per;
                double mean = 0;
                for (int i = 0; i < per; i++) {
                    mean += x[o + i];
                }
                mean /= per;
                double var = 0;
                for (int i = 0; i < per; i++) {
                    var += (x[o + i] - mean) * (x[o + i] - mean);
                }
                var /= per; // biased, as PyTorch normalises
                for (int i = 0; i < per; i++) {
                    int ch = g * (c / groups) + i / hw;
                    expected[o + i] = (float) ((x[o + i] - mean) / Math.sqrt(var + 1e-5) * w[ch] + b[ch]);
                }
            }
        }
        try (NDManager m = Engines.newManager()) {
            GroupNorm gn = new GroupNorm(groups, c);
            gn.materialize(m, 0);
            gn.weight().array().set(w);
            gn.bias().array().set(b);
            float[] y = gn.forward(m.create(x, new Shape(n, c, 1, hw)), Ctx.EVAL).toFloatArray();
            AllClose.assertAllClose(y, expected, 1e-5, 1e-6, "group norm");
        }
    }
}
