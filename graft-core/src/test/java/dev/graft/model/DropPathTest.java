package dev.graft.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.engine.Engines;
import dev.graft.nn.BnPolicy;
import dev.graft.nn.Ctx;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stochastic depth in ResNet blocks: timm's linear rates, per-sample drops, nothing in evaluation. */
class DropPathTest {

    @Test
    void ratesRiseLinearlyFromZeroToTheTopBlock() {
        ResNet net = new ResNet(ResNet.RESNET18_SMALL, 3);
        net.setDropPath(0.14f);
        List<Float> r = net.dropPathRates();
        assertEquals(8, r.size());
        for (int i = 0; i < 8; i++) {
            assertEquals(0.14f * i / 7, r.get(i), 1e-7f);
        }
        DropPathNetwork.apply(net, 0f);
        assertEquals(0f, net.dropPathRates().get(7));
        assertThrows(IllegalArgumentException.class, () -> DropPathNetwork.apply(net, 1f));
    }

    @Test
    void aBlockKeepsOrDropsItsWholeBranchPerSample() {
        try (NDManager m = Engines.newManager()) {
            Engines.seed(4);
            ResNet.BasicBlock block = new ResNet.BasicBlock(4, 4, 1);
            block.materialize(m, 2);
            int n = 64;
            float[] in = new float[n * 4 * 5 * 5];
            java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
            for (int i = 0; i < in.length; i++) {
                in[i] = (float) rng.nextGaussian();
            }
            NDArray x = m.create(in, new Shape(n, 4, 5, 5));
            // frozen statistics make the branch a fixed function, so the two possible outcomes are known:
            // relu(x) when dropped, relu(branch / (1 - p) + x) when kept
            Ctx train = Ctx.train(BnPolicy.FREEZE_STATS);
            block.dropPath = 0.5f;
            float[] dropped = ai.djl.nn.Activation.relu(x).toFloatArray();
            float[] doubled = ai.djl.nn.Activation.relu(branchOf(block, x, train).mul(2).add(x)).toFloatArray();
            float[] out = block.forward(x, train).toFloatArray();
            int per = 4 * 5 * 5;
            int drops = 0;
            for (int i = 0; i < n; i++) {
                float[] o = java.util.Arrays.copyOfRange(out, i * per, (i + 1) * per);
                boolean isDropped = close(o, java.util.Arrays.copyOfRange(dropped, i * per, (i + 1) * per));
                boolean isKept = close(o, java.util.Arrays.copyOfRange(doubled, i * per, (i + 1) * per));
                assertTrue(isDropped ^ isKept, "sample " + i + " is neither dropped nor kept whole");
                drops += isDropped ? 1 : 0;
            }
            assertTrue(drops > 16 && drops < 48, drops + " of 64 dropped at p = 0.5");
            assertArrayEquals(block.forward(x, Ctx.EVAL).toFloatArray(), evalWithout(block, x), 0f,
                    "evaluation never drops");
        }
    }

    /** bn2(conv2(relu(bn1(conv1(x))))) of the block, computed from its children. */
    private static NDArray branchOf(ResNet.BasicBlock block, NDArray x, Ctx ctx) {
        NDArray y = ai.djl.nn.Activation.relu(block.find("bn1").forward(block.find("conv1").forward(x, ctx), ctx));
        return block.find("bn2").forward(block.find("conv2").forward(y, ctx), ctx);
    }

    private static float[] evalWithout(ResNet.BasicBlock block, NDArray x) {
        float p = block.dropPath;
        block.dropPath = 0f;
        float[] out = block.forward(x, Ctx.EVAL).toFloatArray();
        block.dropPath = p;
        return out;
    }

    private static boolean close(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-4f * (1 + Math.abs(b[i]))) {
                return false;
            }
        }
        return true;
    }
}
