package dev.graft.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the checkpoints {@code tools/fixtures/make_pth_fixtures.py} wrote with torch 1.13. */
class PthReaderTest {
    private static final List<String> SMALL_NAMES = List.of("conv.weight", "conv.bias", "bn.weight", "bn.bias",
            "bn.running_mean", "bn.running_var", "bn.num_batches_tracked", "fc.weight", "fc.bias");

    @TempDir
    Path dir;

    static Path fixture(String name) {
        try {
            return Path.of(PthReaderTest.class.getResource("/fixtures/pth/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name + "; run tools/fixtures/make_pth_fixtures.py", e);
        }
    }

    /** Asserts every tensor of {@code expected} (under a name prefix) equals {@code actual} bit for bit. */
    static void assertSameTensors(StateDict expected, String prefix, StateDict actual) {
        List<String> names = expected.names().stream().filter(n -> n.startsWith(prefix))
                .map(n -> n.substring(prefix.length())).toList();
        assertEquals(names, List.copyOf(actual.names()));
        for (String n : names) {
            HostTensor want = expected.get(prefix + n);
            assertArrayEquals(want.shape(), actual.get(n).shape(), n);
            assertArrayEquals(want.data(), actual.get(n).data(), n);
        }
    }

    @Test
    void smallStateDictMatchesTheSafetensorsCopy() {
        StateDict pth = PthReader.read(fixture("small.pth"));
        assertEquals(SMALL_NAMES, List.copyOf(pth.names()));
        assertSameTensors(Safetensors.read(fixture("small.safetensors")), "", pth);
        assertArrayEquals(new float[] {7f}, pth.get("bn.num_batches_tracked").data(), "int64 buffer read");
        assertArrayEquals(new long[] {3, 2, 3, 3}, pth.get("conv.weight").shape());
        assertEquals("pytorch-zip", pth.metadata().get("graft.format"));
    }

    @Test
    void float16CheckpointConvertsExactly() {
        StateDict pth = PthReader.read(fixture("small_fp16.pth"));
        assertSameTensors(Safetensors.read(fixture("expected.safetensors")), "fp16/", pth);
    }

    @Test
    void viewsSharingOneStorageAreCopiedOutContiguous() {
        StateDict pth = PthReader.read(fixture("views.pth"));
        assertSameTensors(Safetensors.read(fixture("expected.safetensors")), "views/", pth);
        assertArrayEquals(new long[] {6, 4}, pth.get("transposed").shape());
        assertArrayEquals(new float[] {0f, 6 / 8f, 12 / 8f, 18 / 8f}, java.util.Arrays.copyOf(pth.get("transposed").data(), 4));
        assertArrayEquals(new long[] {}, pth.get("scalar").shape());
        assertArrayEquals(new float[] {17 / 8f}, pth.get("scalar").data());
    }

    @Test
    void everyDtypeBecomesFloat() {
        StateDict pth = PthReader.read(fixture("dtypes.pth"));
        assertSameTensors(Safetensors.read(fixture("expected.safetensors")), "dtypes/", pth);
        assertArrayEquals(new float[] {-5f, 16777216f}, pth.get("i64").data());
        assertArrayEquals(new float[] {1f, 0f, 1f}, pth.get("bool").data());
    }

    @Test
    void wrappedCheckpointIsUnwrappedAndSaysSo() {
        StateDict pth = PthReader.read(fixture("wrapped.pth"));
        assertSameTensors(Safetensors.read(fixture("small.safetensors")), "", pth);
        assertEquals("state_dict", pth.metadata().get("graft.unwrapped"));
        assertEquals("3", pth.metadata().get("checkpoint.epoch"));
        assertEquals("small", pth.metadata().get("checkpoint.arch"));
    }

    @Test
    void legacyNonZipFormatReadsTheSameValues() {
        StateDict pth = PthReader.read(fixture("legacy.pth"));
        assertSameTensors(Safetensors.read(fixture("small.safetensors")), "", pth);
        assertEquals("pytorch-legacy", pth.metadata().get("graft.format"));
    }

    @Test
    void torchScriptArchiveIsToldApart() {
        WeightsException e = assertThrows(WeightsException.class, () -> PthReader.read(fixture("torchscript.pt")));
        assertTrue(e.getMessage().contains("TorchScript option"), e.getMessage());
    }

    @Test
    void truncatedZipIsNamed() throws IOException {
        Path cut = dir.resolve("cut.pth");
        byte[] all = Files.readAllBytes(fixture("small.pth"));
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        WeightsException e = assertThrows(WeightsException.class, () -> PthReader.read(cut));
        assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void truncatedLegacyFileIsNamed() throws IOException {
        Path cut = dir.resolve("cut_legacy.pth");
        byte[] all = Files.readAllBytes(fixture("legacy.pth"));
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 20));
        WeightsException e = assertThrows(WeightsException.class, () -> PthReader.read(cut));
        assertTrue(e.getMessage().startsWith(cut.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void notACheckpointIsNamed() throws IOException {
        Path txt = dir.resolve("notes.pth");
        Files.writeString(txt, "hello");
        WeightsException e = assertThrows(WeightsException.class, () -> PthReader.read(txt));
        assertTrue(e.getMessage().contains("not a PyTorch checkpoint"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
