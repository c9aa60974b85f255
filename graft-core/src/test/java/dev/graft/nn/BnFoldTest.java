package dev.graft.nn;

import static dev.graft.testing.AllClose.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.engine.Engines;
import dev.graft.model.ArchInfo;
import dev.graft.model.Architectures;
import dev.graft.model.Network;
import dev.graft.train.Freezing;
import dev.graft.weights.StateDict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** BatchNorm folded into convolutions computes what the unfolded network computes, and changes nothing saved. */
class BnFoldTest {
    /** Folding only reorders float32 rounding: 1e-5 of the largest output is far above it and far below any bug. */
    static final double FOLD_RTOL = 1e-5;

    /** The smallest registered member of every family that has BatchNorm. */
    static Stream<String> familiesWithBatchNorm() {
        Map<String, ArchInfo> smallest = new LinkedHashMap<>();
        for (ArchInfo a : Architectures.all()) {
            Network net = a.create(10);
            if (countBatchNorms(net) == 0) {
                continue;
            }
            smallest.merge(a.family(), a, (x, y) -> x.create(10).countParams() <= y.create(10).countParams() ? x : y);
        }
        return smallest.values().stream().sorted(Comparator.comparing(ArchInfo::name)).map(ArchInfo::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("familiesWithBatchNorm")
    void foldedNetworkEqualsUnfolded(String arch) {
        int size = arch.startsWith("inception") ? 107 : 64;
        try (NDManager m = Engines.newManager()) {
            Network net = Architectures.get(arch).create(10);
            net.materialize(m, 3);
            randomiseNorms(net, 5);
            StateDict before = net.stateDict();
            NDArray x = m.randomNormal(new Shape(3, 3, size, size));
            float[] logits = net.forward(x, Ctx.EVAL).toFloatArray();
            float[] feats = net.features(x, Ctx.EVAL).toFloatArray();
            try (BnFold fold = BnFold.forInference(net)) {
                fold.ensure(x);
                assertNull(fold.skipped());
                assertEquals(countBatchNorms(net), fold.folded(), arch + ": every BatchNorm follows a convolution");
                assertAllClose(net.forward(x, Ctx.EVAL).toFloatArray(), logits, FOLD_RTOL, 0, arch + " logits");
                assertAllClose(net.features(x, Ctx.EVAL).toFloatArray(), feats, FOLD_RTOL, 0, arch + " features");
                assertSame(before, net.stateDict(), arch + " while folded");
            }
            assertArrayEquals(logits, net.forward(x, Ctx.EVAL).toFloatArray(), arch + ": closing restores the network");
            assertSame(before, net.stateDict(), arch + " after closing");
        }
    }

    @Test
    void trainingPassOfATrainableBatchNormIsNeverFolded() {
        try (NDManager m = Engines.newManager()) {
            Network net = resnetSmall(m);
            NDArray x = m.randomNormal(new Shape(4, 3, 16, 16));
            Ctx train = Ctx.train(BnPolicy.TRAIN);
            float[] expected = net.forward(x, train).toFloatArray();
            StateDict afterOne = net.stateDict();
            Network twin = resnetSmall(m);
            try (BnFold fold = BnFold.forInference(twin)) {
                fold.ensure(x);
                assertTrue(fold.folded() > 0);
                // batch statistics, and running statistics updated exactly as without the scope
                assertArrayEquals(expected, twin.forward(x, train).toFloatArray());
            }
            assertSame(afterOne, twin.stateDict(), "running statistics");
        }
    }

    @Test
    void frozenScopeFoldsFrozenStagesOnlyAndStopsWhenOneIsUnfrozen() {
        try (NDManager m = Engines.newManager()) {
            Network net = resnetSmall(m);
            Freezing.freezeStages(net, 2, BnPolicy.TRAIN);
            NDArray x = m.randomNormal(new Shape(4, 3, 16, 16));
            try (BnFold fold = BnFold.forFrozen(net)) {
                fold.ensure(x);
                assertEquals(1 + 4 + 5, fold.folded(), "stem, layer1 and layer2 BatchNorms");
                Freezing.unfreezeAll(net, BnPolicy.TRAIN);
                // the unfrozen stem now changes; a folded stem would keep computing with the old weight
                Conv2d stem = (Conv2d) net.find("conv1");
                stem.weight().array().muli(2f);
                assertAllClose(net.forward(x, Ctx.EVAL).toFloatArray(), unfolded(net, x), FOLD_RTOL, 0,
                        "after unfreezing");
            }
        }
    }

    @Test
    void disabledByProperty() {
        try (NDManager m = Engines.newManager()) {
            Network net = resnetSmall(m);
            System.setProperty("graft.bnfold", "false");
            try (BnFold fold = BnFold.forInference(net)) {
                fold.ensure(m.randomNormal(new Shape(1, 3, 16, 16)));
                assertEquals(0, fold.folded());
            } finally {
                System.clearProperty("graft.bnfold");
            }
        }
    }

    /** The network's output with every fold scope on it closed: computed by a fresh scope-free twin. */
    private static float[] unfolded(Network net, NDArray x) {
        try (NDManager m = Engines.newManager()) {
            Network twin = Architectures.get(net.arch()).create(net.numClasses());
            twin.materialize(m, 0);
            StateDict sd = net.stateDict();
            twin.namedParams().forEach((n, p) -> p.array().set(sd.get(n).data()));
            return twin.forward(m.create(x.toFloatArray(), x.getShape()), Ctx.EVAL).toFloatArray();
        }
    }

    static Network resnetSmall(NDManager m) {
        Network net = Architectures.get("resnet18_small").create(3);
        net.materialize(m, 9);
        randomiseNorms(net, 2);
        return net;
    }

    /** Running statistics and affine values far from PyTorch's defaults, so that folding has something to fold. */
    static void randomiseNorms(Module net, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        net.namedParams().forEach((name, p) -> {
            int n = Math.toIntExact(p.numel());
            float[] v = new float[n];
            switch (p.kind()) {
                case RUNNING_MEAN -> fill(v, () -> (float) (0.5 * rng.nextGaussian()));
                case RUNNING_VAR -> fill(v, () -> (float) (0.3 + 2 * rng.nextDouble()));
                case NORM_WEIGHT -> fill(v, () -> (float) (0.5 + rng.nextDouble()));
                case NORM_BIAS -> fill(v, () -> (float) (0.2 * rng.nextGaussian()));
                default -> {
                    return;
                }
            }
            p.array().set(v);
        });
    }

    private static void fill(float[] v, java.util.function.Supplier<Float> f) {
        for (int i = 0; i < v.length; i++) {
            v[i] = f.get();
        }
    }

    static int countBatchNorms(Module m) {
        int n = m instanceof BatchNorm2d ? 1 : 0;
        for (Module c : m.children().values()) {
            n += countBatchNorms(c);
        }
        return n;
    }

    static void assertSame(StateDict expected, StateDict actual, String what) {
        List<String> names = new ArrayList<>(expected.names());
        assertEquals(names, new ArrayList<>(actual.names()), what + ": names");
        for (String n : names) {
            assertArrayEquals(expected.get(n).data(), actual.get(n).data(), what + ": " + n);
        }
    }
}
