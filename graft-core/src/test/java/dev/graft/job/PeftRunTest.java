package dev.graft.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.data.Augment;
import dev.graft.data.DataConfig;
import dev.graft.data.Preprocess;
import dev.graft.model.Architectures;
import dev.graft.model.HeadSpec;
import dev.graft.model.Network;
import dev.graft.nn.Ctx;
import dev.graft.nn.Module;
import dev.graft.peft.PeftConfig;
import dev.graft.recipe.Strategy;
import dev.graft.recipe.Tuning;
import dev.graft.run.RunException;
import dev.graft.run.RunInfo;
import dev.graft.testing.AllClose;
import dev.graft.testing.Fixtures;
import dev.graft.testing.TinyFolder;
import dev.graft.train.TrainConfig;
import dev.graft.train.TrainContext;
import dev.graft.train.TrainListener;
import dev.graft.train.TrainResult;
import dev.graft.io.Hashing;
import dev.graft.weights.HostTensor;
import dev.graft.weights.Safetensors;
import dev.graft.weights.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** LoRA, BitFit and adapter runs: only trained tensors saved, rebuilt exactly on the right base, refused on a wrong one, merged. */
class PeftRunTest {
    static final int SIZE = 16;
    @TempDir
    static Path tmp;
    static Path data;
    static Path base;
    static Path otherBase;
    static final float[] INPUT = input();

    @BeforeAll
    static void setUp() throws Exception {
        data = TinyFolder.write(tmp.resolve("data"), 3, 8, SIZE, 1);
        StateDict w = Fixtures.syntheticWeights(Architectures.get("resnet18_small").create(5));
        base = tmp.resolve("base.safetensors");
        Safetensors.write(w, base);
        HostTensor t = w.get("layer2.0.conv1.weight");
        float[] v = t.data().clone();
        v[0] += 0.5f;
        w.put("layer2.0.conv1.weight", new HostTensor(t.shape(), v));
        otherBase = tmp.resolve("other.safetensors");
        Safetensors.write(w, otherBase);
    }

    static float[] input() {
        SplittableRandom rng = new SplittableRandom(5);
        float[] x = new float[2 * 3 * SIZE * SIZE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    static float[] logits(Module net, NDManager parent) {
        try (NDManager sm = parent.newSubManager()) {
            return net.forward(sm.create(INPUT, new Shape(2, 3, SIZE, SIZE)), Ctx.EVAL).toFloatArray();
        }
    }

    static TrainRequest request(Strategy s, Path out) {
        TrainConfig c = TrainConfig.builder().optEpochs(2).optBatchSize(6).optLr(1e-2f).optWarmupEpochs(0).optPatience(0).optSeed(7)
                .build();
        return new TrainRequest(new DataConfig(data.toString(), null, 0, 0, 0.25, 7, 1), "resnet18_small",
                base.toString(), s, c, new HeadSpec(0, 0.2f), Augment.NONE, 1, 0.1f, out, false, false, 1,
                new Preprocess(SIZE, SIZE, Preprocess.FMNIST_MEAN, Preprocess.FMNIST_STD),
                Tuning.NONE, false, false, new PeftConfig(4, 8f, List.of(), 8), 0);
    }

    /** Trains and returns the trained network's logits on {@link #INPUT}, taken after the best weights were restored. */
    static float[] train(Strategy s, Path out) {
        float[][] seen = new float[1][];
        TrainListener capture = new TrainListener() {
            @Override
            public void onTrainEnd(TrainContext ctx, TrainResult r) {
                Module m = ctx.model();
                seen[0] = logits(m, m.namedParams().values().iterator().next().array().getManager());
            }
        };
        TrainJob.run(request(s, out), List.of(capture));
        return seen[0];
    }

    @ParameterizedTest
    @ValueSource(strings = {"lora", "bitfit", "adapter"})
    void savesOnlyTrainedTensorsAndReloadsExactlyOnItsBase(String strategy) throws Exception {
        Path run = tmp.resolve("run-" + strategy);
        float[] trained = train(Strategy.parse(strategy), run);
        assertTrue(Files.isRegularFile(run.resolve("adapters.safetensors")));
        assertFalse(Files.exists(run.resolve("model.safetensors")), "a " + strategy + " run saves no full model");
        assertFalse(Files.exists(run.resolve("checkpoint.safetensors")), "a finished run drops its checkpoint");
        long size = Files.size(run.resolve("adapters.safetensors"));
        assertTrue(size < Files.size(base) / 4, strategy + ": " + size + " bytes vs base " + Files.size(base));
        RunException unnamed = assertThrows(RunException.class, () -> LoadedRun.open(run, 1));
        assertTrue(unnamed.getMessage().contains(base.toAbsolutePath().toString())
                && unnamed.getMessage().contains("add `baseWeights`"), "a local base is opened only when named: "
                + unnamed.getMessage());
        try (LoadedRun r = LoadedRun.open(run, 1, base.toString())) {
            RunInfo info = r.info();
            assertEquals(strategy, info.peft().method());
            assertEquals(Hashing.sha256(base), info.base().sha256());
            assertEquals(base.toAbsolutePath().toString(), info.base().source());
            assertEquals("adapters.safetensors", info.model().file());
            assertArrayEquals(trained, logits(r.net(), r.manager()), "reloaded run computes what training left");
        }
        RunException e = assertThrows(RunException.class, () -> LoadedRun.open(run, 1, otherBase.toString()));
        assertTrue(e.getMessage().contains("sha256") && e.getMessage().contains("`baseWeights`"), e.getMessage());
    }

    @Test
    void mergeWritesAPlainModelThatComputesTheSame() throws Exception {
        Path run = tmp.resolve("lora-merge");
        float[] trained = train(Strategy.LORA, run);
        Path merged = tmp.resolve("merged");
        MergeJob.Result res = MergeJob.run(run, merged, base.toString(), false, 1);
        assertEquals(8, res.mergedLayers());
        Network plain = Architectures.get("resnet18_small").create(3);
        assertEquals(plain.namedParams().keySet(), Safetensors.read(merged.resolve("model.safetensors")).names(),
                "the merged file has the base architecture's names and nothing else");
        try (LoadedRun r = LoadedRun.open(merged, 1)) {
            assertNull(r.info().peft());
            AllClose.assertAllClose(logits(r.net(), r.manager()), trained, 1e-5, 1e-5, "merged vs unmerged");
        }
        try (LoadedRun r = LoadedRun.open(run, 1, base.toString())) {
            EvaluateJob.Result ev = EvaluateJob.run(r, data.toString(), null, tmp.resolve("c.png"), 1);
            assertEquals(24, ev.evaluation().total(), "evaluate works on a LoRA run folder");
        }
    }
}
