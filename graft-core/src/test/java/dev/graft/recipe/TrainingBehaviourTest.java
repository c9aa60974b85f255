package dev.graft.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.graft.data.Augment;
import dev.graft.data.InMemoryImages;
import dev.graft.data.Preprocess;
import dev.graft.engine.Engines;
import dev.graft.model.Models;
import dev.graft.model.ClassifierHead;
import dev.graft.model.HeadSpec;
import dev.graft.model.Network;
import dev.graft.model.WeightLoader;
import dev.graft.nn.BnPolicy;
import dev.graft.testing.Fixtures;
import dev.graft.testing.TinyData;
import dev.graft.train.EpochMetrics;
import dev.graft.train.FeatureCache;
import dev.graft.train.TrainConfig;
import dev.graft.train.TrainContext;
import dev.graft.train.TrainListener;
import dev.graft.train.TrainResult;
import dev.graft.train.Trainer;
import dev.graft.weights.HostTensor;
import dev.graft.weights.StateDict;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** What each strategy may and may not change, early stopping, and determinism. */
class TrainingBehaviourTest {
    static final InMemoryImages TRAIN = TinyData.bars(3, 12, 16, 1);
    static final InMemoryImages VAL = TinyData.bars(3, 6, 16, 2);
    static final Preprocess PRE = new Preprocess(16, 16, Preprocess.FMNIST_MEAN, Preprocess.FMNIST_STD);

    static TrainConfig.Builder cfg() {
        return TrainConfig.builder().optEpochs(3).optBatchSize(12).optLr(3e-3f).optWarmupEpochs(0).optPatience(0).optSeed(7);
    }

    private static RecipeResult run(Network net, Strategy s, TrainConfig c, List<TrainListener> listeners) {
        return Recipes.run(s, new RecipeSetup(net, TRAIN, VAL, PRE, Augment.NONE, c, 2, 0.1f, 1, listeners));
    }

    static Network pretrained(NDManager m) {
        Network net = Models.build("resnet18_small", 3, new HeadSpec(0, 0.1f), m, 5);
        WeightLoader.load(net, Fixtures.syntheticWeights(net), "synthetic", false);
        return net;
    }

    /** Names whose values changed between two snapshots. */
    private static List<String> changed(StateDict before, StateDict after, Predicate<String> names) {
        return before.names().stream().filter(names)
                .filter(n -> !java.util.Arrays.equals(before.get(n).data(), after.get(n).data())).toList();
    }

    @Test
    void linearProbeChangesOnlyTheHeadAndCachesFeatures() {
        try (NDManager m = Engines.newManager()) {
            Network net = pretrained(m);
            StateDict before = net.stateDict();
            RecipeResult r = run(net, Strategy.LINEAR_PROBE, cfg().build(), List.of());
            StateDict after = net.stateDict();
            assertTrue(r.featuresCached());
            assertEquals(List.of(), changed(before, after, n -> !n.startsWith("fc.")), "backbone changed");
            assertEquals(List.of("fc.weight", "fc.bias"), changed(before, after, n -> n.startsWith("fc.")));
            assertEquals(128 * 3 + 3, r.trainableParams());
        }
    }

    @Test
    void partialFreezesStemAndLowerStagesWithTheirBatchNormStatistics() {
        try (NDManager m = Engines.newManager()) {
            Network net = pretrained(m);
            StateDict before = net.stateDict();
            run(net, new Strategy(Strategy.Kind.PARTIAL, 2), cfg().optEpochs(2).build(), List.of());
            StateDict after = net.stateDict();
            Predicate<String> frozen = n -> n.startsWith("conv1") || n.startsWith("bn1") || n.startsWith("layer1")
                    || n.startsWith("layer2");
            assertEquals(List.of(), changed(before, after, frozen), "frozen stages changed");
            List<String> upper = changed(before, after, frozen.negate());
            assertTrue(upper.contains("layer3.0.conv1.weight"));
            assertTrue(upper.contains("layer4.1.bn2.running_mean"), "trainable BatchNorm should track statistics");
        }
    }

    @Test
    void freezeStatsPolicyKeepsEveryRunningStatistic() {
        try (NDManager m = Engines.newManager()) {
            Network net = pretrained(m);
            StateDict before = net.stateDict();
            run(net, Strategy.FINE_TUNE, cfg().optEpochs(2).optBnPolicy(BnPolicy.FREEZE_STATS).build(), List.of());
            StateDict after = net.stateDict();
            assertEquals(List.of(), changed(before, after, n -> n.contains("running_") || n.endsWith("tracked")));
            assertTrue(changed(before, after, n -> n.endsWith("conv1.weight")).contains("layer1.0.conv1.weight"));
            assertTrue(changed(before, after, n -> n.equals("bn1.weight")).contains("bn1.weight"),
                    "freeze-stats still trains the affine parameters");
        }
    }

    @Test
    void freezeAllPolicyAlsoFreezesScaleAndShift() {
        try (NDManager m = Engines.newManager()) {
            Network net = pretrained(m);
            StateDict before = net.stateDict();
            run(net, Strategy.SCRATCH, cfg().optEpochs(1).optBnPolicy(BnPolicy.FREEZE_ALL).build(), List.of());
            StateDict after = net.stateDict();
            assertEquals(List.of(), changed(before, after, n -> n.contains("bn") || n.contains("downsample.1")));
        }
    }

    @Test
    void earlyStoppingEndsWithTheBestWeightsRestored() {
        // Clusters with 40% of training labels flipped: an MLP head first learns the clusters (validation
        // improves), then memorises the noise (validation worsens), so training passes its best epoch.
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        FeatureCache train = clusters(rng, 40, 0.4);
        FeatureCache val = clusters(rng, 60, 0.0);
        try (NDManager m = Engines.newManager()) {
            ClassifierHead head = new ClassifierHead(8, 3, new HeadSpec(128, 0f));
            head.materialize(m, 1);
            StateDict[] atBest = new StateDict[1];
            TrainListener spy = new TrainListener() {
                @Override
                public void onNewBest(TrainContext ctx, EpochMetrics metrics) {
                    atBest[0] = head.stateDict();
                }
            };
            TrainConfig c = cfg().optEpochs(300).optLr(1e-2f).optLabelSmoothing(0).optWeightDecay(0).optPatience(15)
                    .optSchedule(TrainConfig.Schedule.CONSTANT).build();
            TrainResult res = new Trainer(head, c, "head", java.util.Map.of(), List.of(spy))
                    .fit(FeatureCache.batches(train, val, 16, 1));
            assertNotNull(atBest[0], "no epoch improved on the start");
            assertNotNull(res.stopReason(), "expected an early stop");
            assertTrue(res.history().size() > res.bestEpoch(), "training should have gone past the best epoch");
            double minLoss = res.history().stream().mapToDouble(EpochMetrics::valLoss).min().orElseThrow();
            assertEquals(minLoss, res.bestValLoss(), 1e-12);
            double last = res.history().get(res.history().size() - 1).valLoss();
            assertTrue(last > minLoss, "the last epoch should be worse than the best");
            assertEquals(minLoss, Trainer.validate(head, FeatureCache.batches(train, val, 16, 1).val())[0], 1e-6,
                    "the model now scores as the best epoch did");
            StateDict now = head.stateDict();
            for (String n : now.names()) {
                assertArrayEquals(atBest[0].get(n).data(), now.get(n).data(), n);
            }
        }
    }

    /** Three Gaussian clusters in 8 dimensions, {@code flip} of the labels replaced at random. */
    private static FeatureCache clusters(java.util.SplittableRandom rng, int perClass, double flip) {
        int n = 3 * perClass;
        float[] x = new float[n * 8];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            for (int d = 0; d < 8; d++) {
                x[i * 8 + d] = (float) ((d == c ? 1.5 : 0) + rng.nextGaussian());
            }
            y[i] = rng.nextDouble() < flip ? rng.nextInt(3) : c;
        }
        return new FeatureCache(x, 8, y);
    }

    @Test
    void sameSeedGivesIdenticalRuns() {
        double[][] losses = new double[2][];
        StateDict[] weights = new StateDict[2];
        for (int k = 0; k < 2; k++) {
            try (NDManager m = Engines.newManager()) {
                Network net = Models.build("resnet18_small", 3, new HeadSpec(0, 0.3f), m, 11);
                RecipeResult r = run(net, Strategy.SCRATCH, cfg().optEpochs(2).build(), List.of());
                losses[k] = r.history().stream().flatMapToDouble(e -> java.util.stream.DoubleStream.of(e.trainLoss(),
                        e.valLoss())).toArray();
                weights[k] = net.stateDict();
            }
        }
        assertArrayEquals(losses[0], losses[1]);
        for (String n : weights[0].names()) {
            HostTensor a = weights[0].get(n);
            assertArrayEquals(a.data(), weights[1].get(n).data(), n);
        }
        assertFalse(Double.isNaN(losses[0][0]));
    }
}
