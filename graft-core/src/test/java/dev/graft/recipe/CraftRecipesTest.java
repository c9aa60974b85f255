package dev.graft.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.graft.data.Augment;
import dev.graft.data.InMemoryImages;
import dev.graft.data.Preprocess;
import dev.graft.engine.Engines;
import dev.graft.model.Network;
import dev.graft.model.ResNet;
import dev.graft.nn.BnPolicy;
import dev.graft.train.Balance;
import dev.graft.train.EpochMetrics;
import dev.graft.train.Freezing;
import dev.graft.train.ImageBatches;
import dev.graft.train.LrFinder;
import dev.graft.train.TrainConfig;
import dev.graft.train.TrainContext;
import dev.graft.train.TrainListener;
import dev.graft.train.TrainableReport;
import dev.graft.weights.StateDict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Gradual unfreezing, layer decay, the trainable report, tuning wiring and the range test on a real network. */
class CraftRecipesTest {
    static final InMemoryImages TRAIN = TrainingBehaviourTest.TRAIN;
    static final InMemoryImages VAL = TrainingBehaviourTest.VAL;
    static final Preprocess PRE = TrainingBehaviourTest.PRE;

    static TrainConfig.Builder cfg() {
        return TrainingBehaviourTest.cfg();
    }

    static Network pretrained(NDManager m) {
        return TrainingBehaviourTest.pretrained(m);
    }

    static RecipeSetup setup(Network net, TrainConfig c, List<TrainListener> listeners, Tuning t) {
        return new RecipeSetup(net, TRAIN, VAL, PRE, Augment.NONE, c, 0, 0.1f, 1, listeners, t);
    }

    static boolean changed(StateDict a, StateDict b, Predicate<String> names) {
        return a.names().stream().filter(names).anyMatch(n -> !java.util.Arrays.equals(a.get(n).data(),
                b.get(n).data()));
    }

    static Predicate<String> stage(String prefix) {
        return n -> n.startsWith(prefix + ".");
    }

    @Test
    void gradualUnfreezingAddsOneStagePerEpochFromTheTop() {
        try (NDManager m = Engines.newManager()) {
            Network net = pretrained(m);
            List<StateDict> snaps = new ArrayList<>();
            snaps.add(net.stateDict());
            TrainListener spy = new TrainListener() {
                @Override
                public void onEpochEnd(TrainContext ctx, EpochMetrics metrics) {
                    snaps.add(net.stateDict());
                }
            };
            Tuning t = Tuning.builder().optUnfreezeEvery(1).optDropPath(0.1f).build();
            Recipes.run(Strategy.FINE_TUNE, setup(net, cfg().build(), List.of(spy), t));
            assertEquals(4, snaps.size());
            Predicate<String> stem = n -> n.startsWith("conv1.") || n.startsWith("bn1.");
            // epoch 1: layer4 and the head
            assertTrue(changed(snaps.get(0), snaps.get(1), stage("layer4")));
            assertFalse(changed(snaps.get(0), snaps.get(1), stage("layer3").or(stage("layer2")).or(stage("layer1"))
                    .or(stem)), "stages below the top trained in epoch 1");
            // epoch 2: layer3 joins, and the optimizer updates it
            assertTrue(changed(snaps.get(1), snaps.get(2), stage("layer3")));
            assertFalse(changed(snaps.get(0), snaps.get(2), stage("layer2").or(stage("layer1")).or(stem)));
            // epoch 3: layer2 joins; layer1 and the stem have not yet
            assertTrue(changed(snaps.get(2), snaps.get(3), stage("layer2")));
            assertFalse(changed(snaps.get(0), snaps.get(3), stage("layer1").or(stem)));
            assertEquals(0.1f, ((ResNet) net).dropPathRates().get(7), 1e-7f, "the tuning set stochastic depth");
        }
    }

    @Test
    void layerDecayFollowsTimmsRuleAndSlowsLowerStages() {
        try (NDManager m = Engines.newManager()) {
            Network net = pretrained(m);
            Map<String, Float> lr = Freezing.layerDecayLr(net, 0.5f);
            assertEquals(1f / 32, lr.get("conv1.weight"));
            assertEquals(1f / 16, lr.get("layer1.0.conv1.weight"));
            assertEquals(1f / 2, lr.get("layer4.1.bn2.weight"));
            assertEquals(1f, lr.get("fc.weight"));
        }
        double[] moved = new double[2];
        for (int k = 0; k < 2; k++) {
            try (NDManager m = Engines.newManager()) {
                Network net = pretrained(m);
                float[] before = net.namedParams().get("layer3.0.conv1.weight").array().toFloatArray();
                Tuning t = Tuning.builder().optLayerDecay(k == 0 ? 0f : 1e-3f).build();
                Recipes.run(new Strategy(Strategy.Kind.PARTIAL, 2), setup(net, cfg().optEpochs(1).build(), List.of(), t));
                float[] after = net.namedParams().get("layer3.0.conv1.weight").array().toFloatArray();
                for (int i = 0; i < before.length; i++) {
                    moved[k] = Math.max(moved[k], Math.abs(after[i] - before[i]));
                }
            }
        }
        // layer3 is two stages below the head: its rate is 1e-6 of the head's, so it barely moves
        assertTrue(moved[0] > 0 && moved[1] < 1e-3 * moved[0], "moved " + moved[1] + " vs " + moved[0]);
    }

    @Test
    void trainableReportCountsPerStage() {
        try (NDManager m = Engines.newManager()) {
            Network net = pretrained(m);
            Freezing.freezeStages(net, 2, BnPolicy.TRAIN);
            TrainableReport r = TrainableReport.of(net);
            assertEquals(List.of("stem", "layer1", "layer2", "layer3", "layer4", "head"),
                    r.rows().stream().map(TrainableReport.Row::name).toList());
            for (TrainableReport.Row row : r.rows()) {
                boolean trains = row.name().equals("layer3") || row.name().equals("layer4") || row.name().equals("head");
                assertEquals(trains ? row.total() : 0, row.trainable(), row.name());
            }
            assertEquals(net.countTrainable(), r.trainable());
            assertEquals(net.countParams(), r.total());
            assertEquals(128 * 3 + 3, r.rows().get(5).total());
            assertTrue(r.format().contains("layer3"));
        }
    }

    @Test
    void weightedBalanceSetsInverseFrequencyWeights() {
        try (NDManager m = Engines.newManager()) {
            Network net = pretrained(m);
            Tuning t = Tuning.builder().optBalance(Balance.WEIGHTED).build();
            RecipeSetup s = t.prepare(setup(net, cfg().build(), List.of(), t));
            assertEquals(List.of(1f, 1f, 1f), s.config().classWeights(), "bars are balanced: weights 1");
            assertTrue(Tuning.NONE.prepare(setup(net, cfg().build(), List.of(), Tuning.NONE)).config()
                    .classWeights().isEmpty());
        }
    }

    @Test
    void rangeTestLeavesWeightsAndBatchNormStatisticsBitIdentical() {
        try (NDManager m = Engines.newManager()) {
            Network net = pretrained(m);
            Freezing.unfreezeAll(net, BnPolicy.TRAIN);
            StateDict before = net.stateDict();
            LrFinder.Result r;
            try (ImageBatches data = new ImageBatches(TRAIN, VAL, PRE, Augment.LIGHT, 12, 1, 3)) {
                r = LrFinder.builder().optSteps(30).optStartLr(1e-5).optEndLr(10).build()
                        .run(net, data, cfg().build(), Map.of());
            }
            StateDict after = net.stateDict();
            for (String n : before.names()) {
                assertArrayEquals(before.get(n).data(), after.get(n).data(), n);
            }
            assertTrue(r.points().size() >= 10, r.stopReason());
            for (int i = 0; i < r.points().size(); i++) {
                assertEquals(1e-5 * Math.pow(1e6, i / 29.0), r.points().get(i).lr(), 1e-9 * r.points().get(i).lr());
            }
            double first = r.points().get(0).loss();
            assertTrue(r.points().stream().anyMatch(p -> Math.abs(p.loss() - first) > 0.05), "nothing trained");
            if (r.points().size() < 30) {
                assertTrue(r.stopReason().contains("diverged") || r.stopReason().contains("became"), r.stopReason());
            }
        }
    }

    @Test
    void rangeTestSuggestionsFollowTheCurve() {
        List<LrFinder.Point> pts = new ArrayList<>();
        double[] loss = {2.0, 2.0, 2.0, 1.99, 1.9, 1.5, 1.0, 0.8, 0.7, 0.9, 1.5, 3, 6, 9, 12, 20};
        for (int i = 0; i < loss.length; i++) {
            pts.add(new LrFinder.Point(Math.pow(10, -6 + i * 0.5), loss[i], loss[i]));
        }
        double[] s = LrFinder.suggest(pts);
        assertEquals(Math.pow(10, -6 + 8 * 0.5) / 10, s[0], 1e-12, "minimum at index 8, divided by 10");
        assertEquals(Math.pow(10, -6 + 5 * 0.5), s[1], 1e-12, "steepest fall from index 4 to 6, centred on 5");
    }
}
