package dev.graft.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.graft.data.Augment;
import dev.graft.data.DataConfig;
import dev.graft.data.Preprocess;
import dev.graft.model.HeadSpec;
import dev.graft.recipe.Strategy;
import dev.graft.recipe.Tuning;
import dev.graft.run.RunException;
import dev.graft.testing.Fixtures;
import dev.graft.testing.RunCompare;
import dev.graft.testing.TinyFolder;
import dev.graft.train.Checkpointer;
import dev.graft.train.StatefulListener;
import dev.graft.train.TrainConfig;
import dev.graft.train.TrainContext;
import dev.graft.train.TrainListener;
import dev.graft.train.TrainingException;
import dev.graft.weights.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that dies mid-epoch and is resumed ends exactly as the uninterrupted run: same weights
 * bit for bit, same metrics, same listener state. (The real SIGKILL of a child process is in
 * graft-cli's ResumeAfterKillTest.)
 */
class CheckpointResumeTest {
    @TempDir
    static Path tmp;
    static Path data;
    static Path base;
    static Path reference;
    static LossTrace referenceTrace = new LossTrace();

    @BeforeAll
    static void setUp() throws Exception {
        data = TinyFolder.write(tmp.resolve("data"), 3, 10, 16, 2);
        base = tmp.resolve("base.safetensors");
        Fixtures.writeSyntheticWeights("resnet18_small", 5, base);
        reference = tmp.resolve("reference");
        TrainJob.run(request(reference, 3e-3f, Strategy.FINE_TUNE), List.of(referenceTrace));
    }

    /** fine-tune: 1 head epoch on cached features, then 2 epochs of everything; 24 images, batches of 5. */
    static TrainRequest request(Path out, float lr, Strategy s) {
        TrainConfig c = TrainConfig.builder().optEpochs(2).optBatchSize(5).optLr(lr).optWarmupEpochs(0.5f).optPatience(0).optSeed(11)
                .build();
        return new TrainRequest(new DataConfig(data.toString(), null, 0, 0, 0.2, 11, 1), "resnet18_small",
                base.toString(), s, c, new HeadSpec(0, 0.3f), Augment.NONE, 1, 0.1f, out, false, false, 1,
                new Preprocess(16, 16, Preprocess.FMNIST_MEAN, Preprocess.FMNIST_STD), Tuning.NONE, false, false, null, 2);
    }

    @Test
    void crashInTheFineTunePhaseThenResumeEqualsUninterrupted() throws Exception {
        crashAndResume("fine-tune", 8, "crash-ft");
    }

    @Test
    void crashInTheCachedHeadPhaseThenResumeEqualsUninterrupted() throws Exception {
        crashAndResume("head", 3, "crash-head");
    }

    /**
     * The craft options that carry state or randomness across steps: EMA (its average and warmup
     * position), mixup and crop augmentation (per-epoch draws), drop-path (per-step draws), gradual
     * unfreezing (the optimizer grows mid-phase), and selection by validation accuracy. The crash
     * lands in the second fine-tune epoch, after a stage was unfrozen.
     */
    @Test
    void crashWithEmaMixupDropPathAndGradualUnfreezingThenResumeEqualsUninterrupted() throws Exception {
        Path ref = tmp.resolve("craft-reference");
        LossTrace refTrace = new LossTrace();
        TrainJob.run(craftRequest(ref), List.of(refTrace));
        crashAndResume("fine-tune", 8, "crash-craft", ref, refTrace, true);
    }

    static TrainRequest craftRequest(Path out) {
        TrainRequest r = request(out, 3e-3f, Strategy.FINE_TUNE);
        TrainConfig c = r.train().toBuilder().optEmaDecay(0.9f).optMonitor(TrainConfig.Monitor.VAL_ACC).build();
        Augment a = Augment.NONE.toBuilder().optHflip(true).optMinScale(0.7f).optMixup(0.4f).build();
        Tuning t = Tuning.builder().optDropPath(0.2f).optUnfreezeEvery(1).build();
        return new TrainRequest(r.data(), r.arch(), r.weights(), r.strategy(), c, r.head(), a, r.headEpochs(),
                r.lrMult(), out, false, false, 1, r.preprocess(), t, false, false, null, 2);
    }

    private void crashAndResume(String phase, long step, String name) throws Exception {
        crashAndResume(phase, step, name, reference, referenceTrace, false);
    }

    private void crashAndResume(String phase, long step, String name, Path reference, LossTrace referenceTrace,
            boolean craft) throws Exception {
        Path run = tmp.resolve(name);
        TrainListener crash = new TrainListener() {
            @Override
            public void onStepEnd(TrainContext ctx, long s, double loss) {
                if (ctx.phase().equals(phase) && s == step) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        };
        assertThrows(IllegalStateException.class,
                () -> TrainJob.run(craft ? craftRequest(run) : request(run, 3e-3f, Strategy.FINE_TUNE),
                        List.of(new LossTrace(), crash)));
        assertFalse(Files.exists(run.resolve("graft.json")));
        Checkpointer.Saved saved = Checkpointer.read(run.resolve("checkpoint.safetensors"));
        assertEquals(phase, saved.phase());
        assertTrue(saved.state().batch() > 0, "the checkpoint should be inside an epoch");
        LossTrace resumed = new LossTrace();
        // request.json names a local weights file: resuming opens it only when the caller names it again
        RunException unnamed = assertThrows(RunException.class, () -> TrainJob.resume(run, 0, List.of()));
        assertTrue(unnamed.getMessage().contains("add `weights`"), unnamed.getMessage());
        TrainJob.resume(run, 0, Trusted.base(base.toString()), List.of(resumed));
        assertEquals(-1L, Files.mismatch(reference.resolve("model.safetensors"), run.resolve("model.safetensors")),
                "final weights differ from the uninterrupted run");
        assertEquals(RunCompare.metricsWithoutTimes(reference),
                RunCompare.metricsWithoutTimes(run));
        assertEquals(RunCompare.resultsWithoutTime(reference), RunCompare.resultsWithoutTime(run));
        assertEquals(referenceTrace.sum, resumed.sum, "listener state must survive the resume");
        assertEquals(referenceTrace.steps, resumed.steps);
        assertFalse(Files.exists(run.resolve("checkpoint.safetensors")), "finished: checkpoint dropped");
    }

    @Test
    void nonFiniteLossStopsAndKeepsLastGoodCheckpointAndBestModel() throws Exception {
        Path run = tmp.resolve("nan");
        TrainRequest r = request(run, 1e30f, new Strategy(Strategy.Kind.PARTIAL, 3));
        TrainingException e = assertThrows(TrainingException.class, () -> TrainJob.run(r, List.of()));
        assertTrue(e.getMessage().contains("lower the learning rate"), e.getMessage());
        Checkpointer.Saved saved = Checkpointer.read(run.resolve("checkpoint.safetensors"));
        for (var t : saved.model().tensors().values()) {
            for (float v : t.data()) {
                assertTrue(Float.isFinite(v), "the kept checkpoint must hold finite weights");
            }
        }
        JsonObject info = new Gson().fromJson(Files.readString(run.resolve("graft.json")), JsonObject.class);
        assertTrue(info.get("stopped").getAsString().contains("training loss became"), info.toString());
        try (LoadedRun loaded = LoadedRun.open(run, 1)) {
            assertTrue(Double.isFinite(info.getAsJsonObject("result").get("valLoss").getAsDouble()));
            assertEquals(3, loaded.net().numClasses());
        }
    }



    /** Sums every training loss it sees: state that only a checkpoint carries across a crash. */
    static final class LossTrace implements StatefulListener {
        double sum;
        long steps;

        @Override
        public void onStepEnd(TrainContext ctx, long step, double loss) {
            sum += loss;
            steps++;
        }

        @Override
        public String stateName() {
            return "loss-trace";
        }

        @Override
        public StateDict saveState() {
            StateDict s = new StateDict();
            s.metadata().put("sum", Double.toString(sum));
            s.metadata().put("steps", Long.toString(steps));
            return s;
        }

        @Override
        public void loadState(StateDict s) {
            sum = Double.parseDouble(s.metadata().get("sum"));
            steps = Long.parseLong(s.metadata().get("steps"));
        }
    }
}
