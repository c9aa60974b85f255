package dev.graft.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.gen.score.GenClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenBundledTest {
    @TempDir
    Path cache;

    @AfterEach
    void clear() {
        System.clearProperty("graft.cache");
    }

    @Test
    void shippedGeneratorsAndClassifierExtractToTheCacheAndLoad() {
        System.setProperty("graft.cache", cache.toString());
        for (String name : GenBundled.NAMES) {
            Path dir = GenBundled.resolve(name);
            assertEquals(cache.resolve("gen").resolve(name), dir);
            GenInfo info = GenRun.open(dir).readInfo();
            assertEquals("pretrain", info.strategy());
            try (GenModel m = GenModel.open(GenRun.open(dir))) {
                assertEquals(784, m.generator().imageSize());
            }
        }
        try (GenClassifier c = GenClassifier.open(null)) {
            assertTrue(Files.isRegularFile(cache.resolve("gen").resolve(GenClassifier.CACHE_NAME)), c.source());
        }
    }

    @Test
    void otherValuesArePaths() {
        assertEquals(Path.of("some/run"), GenBundled.resolve("some/run"));
    }
}
