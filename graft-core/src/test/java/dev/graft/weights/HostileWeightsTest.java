package dev.graft.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.testing.HostileWeights;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile {@code .pth} pickles: every one ends in a one-line {@link WeightsException} naming the
 * file, never a {@link StackOverflowError}, an {@link OutOfMemoryError} or a hang, and the reader
 * works normally afterwards.
 */
class HostileWeightsTest {
    @TempDir
    Path dir;

    private static void refused(Path file, String... fragments) {
        Refusals.assertRefused(file, fragments);
    }

    @Test
    void selfReferencingDictThroughTheMemo() throws IOException {
        refused(HostileWeights.selfReferencingDict(dir.resolve("self.pth")), "contains itself");
    }

    @Test
    void cycleOfLists() throws IOException {
        refused(HostileWeights.listCycle(dir.resolve("cycle.pth")), "contains itself");
    }

    @Test
    void cyclicTupleAsADictKey() throws IOException {
        refused(HostileWeights.cyclicTupleKey(dir.resolve("tuple.pth")), "unhashable");
    }

    @Test
    void deeplyNestedDicts() throws IOException {
        refused(HostileWeights.deepDicts(dir.resolve("deep.pth"), 200_000), "more than 100 levels deep",
                "GRAFT_MAX_PICKLE_DEPTH");
    }

    @Test
    void deeplyNestedTupleKey() throws IOException {
        refused(HostileWeights.deepTupleKey(dir.resolve("deepkey.pth"), 200_000), "nested too deep");
    }

    @Test
    void memoFanOutIsRefusedBeforeItExpands() throws IOException {
        // 2^40 paths to one tensor in a 1.5 KB file
        Path f = HostileWeights.memoFanOut(dir.resolve("fanout.pth"), 40, 4);
        long start = System.nanoTime();
        refused(f, "memo fan-out", "GRAFT_MAX_PICKLE_OBJECTS");
        assertTrue(System.nanoTime() - start < 30e9, "refused quickly, not after expanding");
    }

    @Test
    void tooManyTensors() throws IOException {
        // 2^17 = 131,072 names for one tensor: under the object limit, over the tensor limit
        refused(HostileWeights.memoFanOut(dir.resolve("many.pth"), 17, 1), "more than 100000 tensors",
                "GRAFT_MAX_TENSORS");
    }

    @Test
    void fanOutOfALargeTensorAsksForMoreMemoryThanTheFileAllows() throws IOException {
        // 4,096 names for a 256 KB tensor: 1 GiB of float32 copies from a 260 KB file
        refused(HostileWeights.memoFanOut(dir.resolve("big.pth"), 12, 1 << 16), "ask for", "GRAFT_MAX_WEIGHT_EXPANSION");
    }

    @Test
    void storageThatInflatesFarBeyondTheFile() throws IOException {
        // 40 MB of zeros deflate to about 40 KB; reading them asks for 80 MB (storage plus float copy)
        Path f = HostileWeights.storageBomb(dir.resolve("bomb.pth"), 10_000_000);
        refused(f, "ask for", "GRAFT_MAX_WEIGHT_EXPANSION");
    }

    @Test
    void limitsAreTheCallersToChoose() throws IOException {
        Path f = HostileWeights.memoFanOut(dir.resolve("small.pth"), 8, 2);
        assertEquals(256, Weights.load(f).size(), "256 names for one tensor are within the defaults");
        WeightsException e = assertThrows(WeightsException.class,
                () -> Weights.load(f, WeightLimits.builtIn().withMaxTensors(100)));
        assertTrue(e.getMessage().contains("more than 100 tensors"), e.getMessage());
        assertThrows(WeightsException.class, () -> Weights.load(f, WeightLimits.builtIn().withMaxDepth(5)));
    }

    @Test
    void settingsRaiseOrLowerTheDefaults() throws IOException {
        Path f = HostileWeights.memoFanOut(dir.resolve("set.pth"), 8, 2);
        System.setProperty(WeightLimits.TENSORS_SETTING, "100");
        try {
            assertThrows(WeightsException.class, () -> Weights.load(f));
            System.setProperty(WeightLimits.TENSORS_SETTING, "1K");
            assertEquals(256, Weights.load(f).size());
            System.setProperty(WeightLimits.TENSORS_SETTING, "lots");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, WeightLimits::fromEnvironment);
            assertTrue(e.getMessage().contains("GRAFT_MAX_TENSORS=lots"), e.getMessage());
        } finally {
            System.clearProperty(WeightLimits.TENSORS_SETTING);
        }
    }

    @Test
    void errorsWhileParsingBecomeOneLineAndTheJvmCarriesOn() throws IOException {
        Path f = dir.resolve("any.pth");
        WeightsException so = assertThrows(WeightsException.class, () -> Shapes.guard(f, () -> recurse(0)));
        assertTrue(so.getMessage().startsWith(f + ": refused: reading it overflowed the Java stack"), so.getMessage());
        // 16 GiB in one array: more than any test heap, refused at once without filling the heap first
        WeightsException oom = assertThrows(WeightsException.class,
                () -> Shapes.guard(f, () -> new long[Integer.MAX_VALUE - 8]));
        assertTrue(oom.getMessage().startsWith(f + ": the Java heap ran out"), oom.getMessage());
        Path ok = HostileWeights.memoFanOut(dir.resolve("after.pth"), 2, 3);
        assertEquals(4, Weights.load(ok).size(), "a good file reads normally afterwards");
    }

    private static int recurse(int n) {
        return recurse(n + 1) + 1;
    }
}
