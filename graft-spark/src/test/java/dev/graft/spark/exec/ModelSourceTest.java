package dev.graft.spark.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.data.Preprocess;
import dev.graft.spark.GraftModelTest;
import dev.graft.spark.Plain;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weights resolve on the driver from a file or a run folder, and wrong ones fail with the fix. */
class ModelSourceTest {
    @TempDir
    Path tmp;

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void bareFileNeedsAnArchitectureAndGetsImageNetPreprocessing() {
        Path w = Plain.syntheticWeights("resnet18_small", tmp.resolve("w.safetensors"));
        assertTrue(message(() -> ModelSource.resolve(w.toString(), null, new Configuration()))
                .contains("bare weights need an architecture"));
        ModelSource s = ModelSource.resolve(w.toString(), "resnet18_small", new Configuration());
        assertEquals("resnet18_small", s.arch());
        assertEquals(32, s.preprocess().resize());
        assertEquals(Preprocess.IMAGENET_MEAN[0], s.preprocess().mean()[0]);
        assertEquals(false, s.isRun());
        assertTrue(Files.isRegularFile(s.bundle().localDir().resolve(ModelSource.WEIGHTS)));
    }

    @Test
    void runFolderGivesArchitectureLabelsAndPreprocessing() {
        Path run = GraftModelTest.writeRun(tmp.resolve("run"));
        ModelSource s = ModelSource.resolve(run.toString(), null, new Configuration());
        assertEquals("resnet18_small", s.arch());
        assertEquals(3, s.labels().size());
        assertEquals(28, s.preprocess().resize());
        assertTrue(message(() -> ModelSource.resolve(run.toString(), "resnet50", new Configuration()))
                .contains("holds resnet18_small weights, not resnet50"));
    }

    @Test
    void missingWeightsNameTheFix() {
        assertTrue(message(() -> ModelSource.resolve(tmp.resolve("nope").toString(), "resnet18", new Configuration()))
                .contains("no such weights file, run folder or registry tag"));
        assertTrue(message(() -> ModelSource.resolve(" ", null, new Configuration())).contains("no weights given"));
    }

    @Test
    void bundleKeyFollowsContents() {
        var a = ModelBundle.of(java.util.Map.of("x", new byte[] {1, 2}));
        var b = ModelBundle.of(java.util.Map.of("x", new byte[] {1, 3}));
        assertTrue(!a.key().equals(b.key()));
        assertEquals(a.key(), ModelBundle.of(java.util.Map.of("x", new byte[] {1, 2})).key());
    }
}
