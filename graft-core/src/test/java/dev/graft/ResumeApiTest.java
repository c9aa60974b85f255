package dev.graft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.io.Hashing;
import dev.graft.job.Trusted;
import dev.graft.run.MetricsLog;
import dev.graft.run.RunDir;
import dev.graft.run.RunException;
import dev.graft.source.ImageFolder;
import dev.graft.train.EpochMetrics;
import dev.graft.train.TrainContext;
import dev.graft.train.TrainListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Graft#resume}: a run a listener stopped finishes as the uninterrupted run, from Java alone. */
class ResumeApiTest {
    @TempDir
    Path tmp;

    @Test
    void aStoppedRunResumesToTheUninterruptedResult() throws Exception {
        Path data = dev.graft.testing.TinyFolder.write(tmp.resolve("data"), 3, 8, FluentApiTest.SIZE, 1);
        Path base = dev.graft.testing.Fixtures.writeSyntheticWeights("resnet18_small", 5, tmp.resolve("b.safetensors"));
        FineTuning.Builder recipe = Graft.fineTune(ImageFolder.of(data)).setModel("resnet18_small")
                .setWeights(base.toString()).optPreprocess(FluentApiTest.PRE).optEpochs(2).optHeadEpochs(1)
                .optBatchSize(6).optThreads(1).optSeed(7);
        try (TrainedModel whole = recipe.optOut(tmp.resolve("whole")).fit()) {
            assertEquals(3, MetricsLog.read(new RunDir(whole.runDir())).size());
        }
        // the same recipe, stopped by a listener when the fine-tune phase's first epoch ends
        TrainListener stopper = new TrainListener() {
            @Override
            public void onEpochEnd(TrainContext ctx, EpochMetrics m) {
                if (ctx.phase().equals("fine-tune")) {
                    ctx.requestStop(dev.graft.train.GracefulStop.REASON); // a user's stop, not early stopping
                }
            }
        };
        recipe.optOut(tmp.resolve("part")).optListener(stopper).fit().close();
        assertTrue(Files.isRegularFile(tmp.resolve("part").resolve(RunDir.CHECKPOINT)), "a stopped run keeps its checkpoint");
        assertEquals(2, MetricsLog.read(new RunDir(tmp.resolve("part"))).size());

        List<Integer> heard = new ArrayList<>();
        TrainListener ear = new TrainListener() {
            @Override
            public void onEpochEnd(TrainContext ctx, EpochMetrics m) {
                heard.add(m.epoch());
            }
        };
        try (TrainedModel resumed = Graft.resume(tmp.resolve("part"), Trusted.base(base.toString()), ear)) {
            assertEquals(tmp.resolve("part"), resumed.runDir());
            assertEquals(List.of("c0", "c1", "c2"), resumed.labels());
        }
        assertEquals(1, heard.size(), "the listener hears the one epoch left: " + heard);
        assertEquals(3, MetricsLog.read(new RunDir(tmp.resolve("part"))).size());
        assertEquals(Hashing.sha256(tmp.resolve("whole/model.safetensors")),
                Hashing.sha256(tmp.resolve("part/model.safetensors")), "resumed weights equal the uninterrupted run's");
        RunException done = assertThrows(RunException.class, () -> Graft.resume(tmp.resolve("whole"), Trusted.NONE));
        assertTrue(done.getMessage().contains("whole"), done.getMessage());
    }
}
