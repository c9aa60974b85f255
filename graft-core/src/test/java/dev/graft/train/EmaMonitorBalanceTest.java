package dev.graft.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.engine.Engines;
import dev.graft.model.ClassifierHead;
import dev.graft.model.HeadSpec;
import dev.graft.nn.Ctx;
import dev.graft.testing.TinyData;
import dev.graft.weights.StateDict;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** EMA of the weights, the monitored metric, and class balancing, on heads over cached features. */
class EmaMonitorBalanceTest {

    static TrainConfig.Builder cfg() {
        return TrainConfig.builder().optBatchSize(16).optLr(1e-2f).optWarmupEpochs(0).optLabelSmoothing(0).optWeightDecay(0)
                .optSchedule(TrainConfig.Schedule.CONSTANT).optSeed(5);
    }

    @Test
    void emaUpdateFollowsTheWarmedUpDecay() {
        try (NDManager m = Engines.newManager()) {
            ClassifierHead head = new ClassifierHead(1, 1, HeadSpec.LINEAR);
            head.materialize(m, 1);
            head.namedParams().get("weight").array().set(new float[] {1f});
            Ema ema = new Ema(head, 0.9f);
            assertEquals(0.1f, ema.currentDecay(), 1e-7f); // min(0.9, 1/10)
            head.namedParams().get("weight").array().set(new float[] {2f});
            ema.update();
            assertEquals(0.1f * 1 + 0.9f * 2, ema.stateDict().get("weight").data()[0], 1e-6f);
            assertEquals(2f / 11, ema.currentDecay(), 1e-7f);
            head.namedParams().get("weight").array().set(new float[] {0f});
            ema.update();
            assertEquals(2f / 11 * 1.9f, ema.stateDict().get("weight").data()[0], 1e-6f);
            Ema plain = new Ema(head, 0.9f, false);
            assertEquals(0.9f, plain.currentDecay());
        }
    }

    @Test
    void trainableScopeAveragesOnlyWhatTrainsAndTheWarmupCanCountFromOne() {
        try (NDManager m = Engines.newManager()) {
            ClassifierHead head = new ClassifierHead(1, 1, HeadSpec.LINEAR);
            head.materialize(m, 1);
            head.namedParams().get("weight").array().set(new float[] {1f});
            head.namedParams().get("bias").array().set(new float[] {1f});
            head.namedParams().get("bias").setFrozen(true);
            Ema ema = Ema.builder(head, 0.9f).optScope(Ema.Scope.TRAINABLE).optWarmupStart(1).build();
            assertEquals(2f / 11, ema.currentDecay(), 1e-7f); // min(0.9, (1+1)/(10+1))
            head.namedParams().get("weight").array().set(new float[] {2f});
            head.namedParams().get("bias").array().set(new float[] {5f}); // a frozen value that changed anyway
            ema.update();
            assertEquals(2f / 11 * 1 + 9f / 11 * 2, ema.stateDict().get("weight").data()[0], 1e-6f);
            assertEquals(5f, ema.stateDict().get("bias").data()[0], "frozen values are copied, not averaged");
            Ema all = new Ema(head, 0.9f);
            head.namedParams().get("bias").array().set(new float[] {3f});
            all.update();
            assertEquals(0.1f * 5 + 0.9f * 3, all.stateDict().get("bias").data()[0], 1e-6f, "ALL averages them");
        }
    }

    @Test
    void emaCopyIsValidatedSnapshottedAndRestored() {
        SplittableRandom rng = new SplittableRandom(3);
        FeatureCache train = TinyData.clusters(rng, new int[] {30, 30, 30}, 1.5, 0.3);
        FeatureCache val = TinyData.clusters(rng, new int[] {40, 40, 40}, 1.5, 0);
        try (NDManager m = Engines.newManager()) {
            ClassifierHead head = new ClassifierHead(8, 3, new HeadSpec(32, 0f));
            head.materialize(m, 1);
            StateDict[] raw = new StateDict[1];
            StateDict[] seenAtBest = new StateDict[1];
            StateDict[] rawAtBest = new StateDict[1];
            TrainListener spy = new TrainListener() {
                @Override
                public void onEpochEnd(TrainContext ctx, EpochMetrics metrics) {
                    raw[0] = head.stateDict();
                }

                @Override
                public void onNewBest(TrainContext ctx, EpochMetrics metrics) {
                    seenAtBest[0] = head.stateDict();
                    rawAtBest[0] = raw[0];
                }
            };
            Trainer t = new Trainer(head, cfg().optEpochs(12).optPatience(0).optEmaDecay(0.95f).build(), "head", Map.of(),
                    List.of(spy));
            TrainResult res = t.fit(FeatureCache.batches(train, val, 16, 1L));
            assertTrue(res.bestEpoch() > 0);
            StateDict now = head.stateDict();
            for (String n : now.names()) {
                assertArrayEquals(seenAtBest[0].get(n).data(), now.get(n).data(), n);
            }
            assertFalse(java.util.Arrays.equals(rawAtBest[0].get("0.weight").data(), now.get("0.weight").data()),
                    "the saved weights are the average, not the raw weights of the best epoch");
            assertEquals(res.bestValLoss(), Trainer.validate(head, FeatureCache.batches(train, val, 16, 1L).val())[0],
                    1e-6, "validation scored the average");
            assertEquals(t.ema().updates(), res.history().size() * 6L, "one update per step (90 images, batch 16)");
        }
    }

    @Test
    void monitoringAccuracyPicksTheMostAccurateEpoch() {
        // noisy labels: validation loss turns up while accuracy still moves, so the two monitors disagree
        SplittableRandom rng = new SplittableRandom(3);
        FeatureCache train = TinyData.clusters(rng, new int[] {40, 40, 40}, 1.5, 0.4);
        FeatureCache val = TinyData.clusters(rng, new int[] {60, 60, 60}, 1.5, 0);
        TrainResult[] res = new TrainResult[2];
        double[] after = new double[2];
        for (TrainConfig.Monitor mon : TrainConfig.Monitor.values()) {
            try (NDManager m = Engines.newManager()) {
                ClassifierHead head = new ClassifierHead(8, 3, new HeadSpec(128, 0f));
                head.materialize(m, 1);
                TrainConfig c = cfg().optLr(3e-3f).optEpochs(40).optPatience(0).optMonitor(mon).build();
                res[mon.ordinal()] = new Trainer(head, c, "head", Map.of(), List.of())
                        .fit(FeatureCache.batches(train, val, 16, 1L));
                after[mon.ordinal()] = Trainer.validate(head, FeatureCache.batches(train, val, 16, 1L).val())[1];
            }
        }
        TrainResult byAcc = res[TrainConfig.Monitor.VAL_ACC.ordinal()];
        TrainResult byLoss = res[TrainConfig.Monitor.VAL_LOSS.ordinal()];
        double maxAcc = byAcc.history().stream().mapToDouble(EpochMetrics::valAcc).max().orElseThrow();
        assertEquals(maxAcc, byAcc.bestValAcc(), 1e-12);
        assertEquals(maxAcc, after[TrainConfig.Monitor.VAL_ACC.ordinal()], 1e-9, "the restored model scores it");
        assertNotEquals(byLoss.bestEpoch(), byAcc.bestEpoch(), "the monitors should disagree on this data");
        assertTrue(byAcc.bestValAcc() > byLoss.bestValAcc());
    }

    @Test
    void aStopRequestStillEndsWithTheBestWeights() {
        SplittableRandom rng = new SplittableRandom(3);
        FeatureCache train = TinyData.clusters(rng, new int[] {40, 40, 40}, 1.5, 0.4);
        FeatureCache val = TinyData.clusters(rng, new int[] {60, 60, 60}, 1.5, 0);
        try (NDManager m = Engines.newManager()) {
            ClassifierHead head = new ClassifierHead(8, 3, new HeadSpec(128, 0f));
            head.materialize(m, 1);
            StateDict[] best = new StateDict[1];
            TrainListener stopper = new TrainListener() {
                @Override
                public void onNewBest(TrainContext ctx, EpochMetrics metrics) {
                    best[0] = head.stateDict();
                }

                @Override
                public void onEpochEnd(TrainContext ctx, EpochMetrics metrics) {
                    if (metrics.epoch() == 12) {
                        ctx.requestStop("user asked");
                    }
                }
            };
            TrainResult res = new Trainer(head, cfg().optLr(3e-3f).optEpochs(40).optPatience(0).build(), "head", Map.of(),
                    List.of(stopper)).fit(FeatureCache.batches(train, val, 16, 1L));
            assertEquals("user asked", res.stopReason());
            assertEquals(12, res.history().size());
            assertTrue(res.bestEpoch() < 12, "the last epoch should not be the best on this data");
            StateDict now = head.stateDict();
            for (String n : now.names()) {
                assertArrayEquals(best[0].get(n).data(), now.get(n).data(), n);
            }
        }
    }

    @Test
    void inverseFrequencyWeightsAndBalancedSamplerDraws() {
        assertEquals(List.of(1f, 1f), Balance.inverseFrequency(new int[] {5, 5}));
        assertEquals(List.of(0.7f, 0.7f, 7f), Balance.inverseFrequency(new int[] {60, 60, 6})); // 126 / (3 n_c)
        int[] labels = new int[126];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i < 60 ? 0 : i < 120 ? 1 : 2;
        }
        Sampler s = Balance.balancedSampler(labels, 3, 7);
        int[] counts = new int[3];
        for (int e = 1; e <= 20; e++) {
            for (int i : s.order(e)) {
                counts[labels[i]]++;
            }
        }
        for (int c : counts) {
            assertEquals(126 * 20 / 3.0, c, 126 * 20 * 0.03, java.util.Arrays.toString(counts));
        }
        assertFalse(java.util.Arrays.equals(s.order(1), s.order(2)), "each epoch resamples");
        assertArrayEquals(s.order(3), Balance.balancedSampler(labels, 3, 7).order(3), "seeded");
    }

    @Test
    void balancingRaisesTheMinorityClassRecall() {
        SplittableRandom rng = new SplittableRandom(11);
        int[] counts = {60, 60, 6};
        FeatureCache train = TinyData.clusters(rng, counts, 1.2, 0);
        FeatureCache val = TinyData.clusters(rng, new int[] {100, 100, 100}, 1.2, 0);
        double none = minorityRecall(train, val, cfg().build(), Sampler.shuffle(train.size(), 5));
        double weighted = minorityRecall(train, val, cfg().optClassWeights(Balance.inverseFrequency(counts)).build(),
                Sampler.shuffle(train.size(), 5));
        double sampled = minorityRecall(train, val, cfg().build(), Balance.balancedSampler(train.labels(), 3, 5));
        assertTrue(weighted > none + 0.2, "weighted " + weighted + " vs none " + none);
        assertTrue(sampled > none + 0.2, "sampler " + sampled + " vs none " + none);
    }

    /** Recall of class 2 on {@code val} after training a linear head. */
    private static double minorityRecall(FeatureCache train, FeatureCache val, TrainConfig c, Sampler order) {
        try (NDManager m = Engines.newManager()) {
            ClassifierHead head = new ClassifierHead(8, 3, HeadSpec.LINEAR);
            head.materialize(m, 1);
            new Trainer(head, c.toBuilder().optEpochs(25).optPatience(0).build(), "head", Map.of(), List.of())
                    .fit(FeatureCache.batches(train, val, 16, order));
            long[] pred = head.forward(m.create(val.x(), new Shape(val.size(), 8)), Ctx.EVAL).argMax(1).toLongArray();
            int hit = 0;
            int total = 0;
            for (int i = 0; i < val.size(); i++) {
                if (val.labels()[i] == 2) {
                    total++;
                    hit += pred[i] == 2 ? 1 : 0;
                }
            }
            return (double) hit / total;
        }
    }
}
