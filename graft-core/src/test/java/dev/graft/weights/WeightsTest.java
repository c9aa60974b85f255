package dev.graft.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.weights.Weights.Format;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsTest {
    @TempDir
    Path dir;

    @Test
    void detectsByContentNotByExtension() throws IOException {
        // Hugging Face names PyTorch checkpoints .bin; a renamed file must still load.
        Path bin = Files.copy(PthReaderTest.fixture("small.pth"), dir.resolve("pytorch_model.bin"));
        Path odd = Files.copy(PthReaderTest.fixture("small.safetensors"), dir.resolve("weights.dat"));
        assertEquals(Format.PYTORCH_ZIP, Weights.detect(bin));
        assertEquals(Format.SAFETENSORS, Weights.detect(odd));
        assertEquals(Format.PYTORCH_LEGACY, Weights.detect(PthReaderTest.fixture("legacy.pth")));
        assertArrayEquals(Weights.load(bin).get("fc.weight").data(), Weights.load(odd).get("fc.weight").data());
    }

    @Test
    void safetensorsWhoseHeaderLengthStartsWithByte0x80IsNotTakenForAPickle() throws IOException {
        // add tensors until the header length's low byte is 0x80, which is also pickle's PROTO opcode
        StateDict d = new StateDict();
        for (int i = 0; i < 2000; i++) {
            d.put("layer" + i + ".weight", new HostTensor(new long[] {1}, new float[] {i}));
        }
        Path f = dir.resolve("many.safetensors");
        Safetensors.write(d, f);
        byte[] head = Files.readAllBytes(f);
        long len = java.nio.ByteBuffer.wrap(head, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        for (int pad = 0; (len & 0xff) != 0x80 && pad < 400; pad++) {
            d.put("p" + pad, new HostTensor(new long[] {1}, new float[] {0}));
            Safetensors.write(d, f);
            len = java.nio.ByteBuffer.wrap(Files.readAllBytes(f), 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .getLong();
        }
        assertEquals(0x80, len & 0xff, "could not build the test file");
        assertEquals(Format.SAFETENSORS, Weights.detect(f));
        assertEquals(d.size(), Weights.load(f).size());
    }

    @Test
    void folderLoadsItsHuggingFaceNamedFile() throws IOException {
        Files.copy(PthReaderTest.fixture("small.pth"), dir.resolve("pytorch_model.bin"));
        assertEquals(9, Weights.load(dir).size());
        Files.copy(PthReaderTest.fixture("small.safetensors"), dir.resolve("model.safetensors"));
        assertEquals(null, Weights.load(dir).metadata().get("graft.format"), "safetensors preferred over .bin");
    }

    @Test
    void torchScriptGetsPointedAtTheTorchScriptOption() {
        WeightsException e = assertThrows(WeightsException.class,
                () -> Weights.load(PthReaderTest.fixture("torchscript.pt")));
        assertTrue(e.getMessage().contains("TorchScript archive") && e.getMessage().contains("TorchScript option"),
                e.getMessage());
    }

    @Test
    void kerasH5IsSaidToBeUnsupported() throws IOException {
        Path h5 = dir.resolve("model.h5");
        Files.write(h5, new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0});
        WeightsException e = assertThrows(WeightsException.class, () -> Weights.load(h5));
        assertTrue(e.getMessage().contains("Keras/HDF5") && e.getMessage().contains("does not read"), e.getMessage());
    }

    @Test
    void keras3ArchiveIsSaidToBeUnsupported() throws IOException {
        Path keras = dir.resolve("model.keras");
        try (OutputStream os = Files.newOutputStream(keras); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("config.json"));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("model.weights.h5"));
            zip.closeEntry();
        }
        WeightsException e = assertThrows(WeightsException.class, () -> Weights.load(keras));
        assertTrue(e.getMessage().contains("Keras 3"), e.getMessage());
    }

    @Test
    void unknownFormatListsWhatIsRead() throws IOException {
        Path f = dir.resolve("model.onnx.txt");
        Files.writeString(f, "just text");
        WeightsException e = assertThrows(WeightsException.class, () -> Weights.load(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("safetensors"), e.getMessage());
    }

    @Test
    void missingPathSaysSo() {
        WeightsException e = assertThrows(WeightsException.class, () -> Weights.load(dir.resolve("nope.pth")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }
}
