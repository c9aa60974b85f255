package dev.graft.weights;

import static dev.graft.testing.HostileWeights.entry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.testing.HostileWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted safetensors headers and shard indexes: each is refused before any tensor is read, with
 * one line naming the file and the tensor or shard entry.
 */
class HostileSafetensorsTest {
    @TempDir
    Path dir;

    private Path st(String name, String header, int dataBytes) throws IOException {
        return HostileWeights.safetensors(dir.resolve(name), "{" + header + "}", dataBytes);
    }

    private static void refused(Path file, String... fragments) {
        Refusals.assertRefused(file, fragments);
    }

    @Test
    void negativeShape() throws IOException {
        refused(st("neg.safetensors", entry("w", "F32", "[-2,-2]", 0, 16), 16), "'w'", "negative size");
    }

    @Test
    void shapeWhoseElementCountOverflows() throws IOException {
        refused(st("ovf.safetensors", entry("w", "F32", "[4294967296,4294967296,4294967296]", 0, 16), 16),
                "'w'", "overflows");
        refused(st("big.safetensors", entry("w", "F32", "[1e30]", 0, 16), 16), "'w'", "integer shape");
    }

    @Test
    void byteRangeThatDisagreesWithShapeAndDtype() throws IOException {
        refused(st("range.safetensors", entry("w", "F32", "[2,2]", 0, 12), 16), "'w'", "[0, 12)", "needs 16");
        // the same 16 bytes as F16 would be 8 values, not the 4 the shape says
        refused(st("dtype.safetensors", entry("w", "F16", "[2,2]", 0, 16), 16), "'w'", "needs 8");
    }

    @Test
    void overlappingTensors() throws IOException {
        String header = entry("a", "F32", "[4]", 0, 16) + "," + entry("b", "F32", "[4]", 8, 24);
        refused(st("overlap.safetensors", header, 24), "'b'", "overlaps tensor 'a'");
    }

    @Test
    void rangesOutsideTheFile() throws IOException {
        refused(st("short.safetensors", entry("w", "F32", "[4]", 0, 16), 8), "'w'", "truncated");
        refused(st("far.safetensors", entry("w", "F32", "[0]", Long.MAX_VALUE, Long.MAX_VALUE), 8), "'w'",
                "truncated");
        refused(st("before.safetensors", entry("w", "F32", "[1]", -4, 0), 8), "'w'", "byte range");
    }

    @Test
    void deeplyNestedHeaderJson() throws IOException {
        String deep = "\"w\":" + "[".repeat(100_000) + "]".repeat(100_000);
        refused(st("deep.safetensors", deep, 0), "not valid JSON");
    }

    @Test
    void tooManyTensorsForTheLimit() throws IOException {
        Path f = st("three.safetensors", entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 4, 8) + ","
                + entry("c", "F32", "[1]", 8, 12), 12);
        assertEquals(3, Weights.load(f).size());
        WeightsException e = assertThrows(WeightsException.class,
                () -> Weights.load(f, WeightLimits.builtIn().withMaxTensors(2)));
        assertTrue(e.getMessage().contains("more than 2 tensors") && e.getMessage().contains("GRAFT_MAX_TENSORS"),
                e.getMessage());
    }

    @Test
    void indexThatNamesItselfOrAnotherIndex() throws IOException {
        Path self = HostileWeights.shardIndex(dir.resolve("model.safetensors.index.json"),
                "model.safetensors.index.json");
        refused(self, "refused shard 'model.safetensors.index.json'", "another index (or this one)");
        Path a = HostileWeights.shardIndex(dir.resolve("a/x.index.json"), "y.index.json");
        HostileWeights.shardIndex(dir.resolve("a/y.index.json"), "x.index.json");
        refused(a, "refused shard 'y.index.json'");
    }

    @Test
    void shardsOutsideTheIndexFolder() throws IOException {
        Files.writeString(dir.resolve("secret.safetensors"), "not weights");
        for (String bad : new String[] {"/etc/passwd", "../secret.safetensors", "sub/../../secret.safetensors",
            "C:\\secret.safetensors", "file:///etc/passwd", "ftp://host/x.safetensors", "https://host/"}) {
            Path index = HostileWeights.shardIndex(dir.resolve("m/model.safetensors.index.json"), bad);
            refused(index, "refused shard '" + bad + "'");
        }
    }

    @Test
    void aUrlEntryNamesTheFileOfTheSameNameBesideTheIndex() throws IOException {
        StateDict shard = new StateDict().put("t0", new HostTensor(new long[] {2}, new float[] {1, 2}));
        Safetensors.write(shard, dir.resolve("m/model-00001.safetensors"));
        Path index = HostileWeights.shardIndex(dir.resolve("m/model.safetensors.index.json"),
                "https://elsewhere.example/org/repo/model-00001.safetensors");
        assertArrayEquals(new float[] {1, 2}, Weights.load(index).get("t0").data());
    }
}
