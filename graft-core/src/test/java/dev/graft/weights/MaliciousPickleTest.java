package dev.graft.weights;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pickles that would run code under Python's pickle.load are refused by name, and nothing runs. */
class MaliciousPickleTest {
    /** The command baked into malicious.pth by make_pth_fixtures.py. */
    private static final Path MARKER = Path.of("/tmp/graft-malicious-pth-marker");

    @TempDir
    Path dir;

    @Test
    void realTorchSaveWithOsSystemIsRefusedAndRunsNothing() throws IOException {
        Files.deleteIfExists(MARKER);
        Path file = PthReaderTest.fixture("malicious.pth");
        WeightsException e = assertThrows(WeightsException.class, () -> PthReader.read(file));
        assertTrue(e.getMessage().contains("'posix.system'"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        assertFalse(Files.exists(MARKER), "the payload must never run");
        assertThrows(WeightsException.class, () -> Weights.load(file));
        assertFalse(Files.exists(MARKER));
    }

    @ParameterizedTest
    @CsvSource({"os,system", "builtins,eval", "__builtin__,getattr", "subprocess,Popen", "torch,load",
        "collections,defaultdict", "torch._utils,_rebuild_device_tensor_from_cpu"})
    void globalOpcodeOutsideTheAllowListIsRefusedByName(String module, String name) throws IOException {
        // GLOBAL module name; SHORT_BINUNICODE 'x'; TUPLE1; REDUCE; STOP
        byte[] pkl = bytes(0x80, 2, 'c', module + "\n" + name + "\n", 0x8c, 1, "x", 0x85, 'R', '.');
        WeightsException e = assertThrows(WeightsException.class, () -> PthReader.read(zipOf(pkl)));
        assertTrue(e.getMessage().contains("'" + module + "." + name + "'"), e.getMessage());
    }

    @Test
    void stackGlobalIsCheckedTheSameWay() throws IOException {
        // protocol 4: SHORT_BINUNICODE 'os'; SHORT_BINUNICODE 'system'; STACK_GLOBAL; ...
        byte[] pkl = bytes(0x80, 4, 0x8c, 2, "os", 0x8c, 6, "system", 0x93, 0x8c, 2, "id", 0x85, 'R', '.');
        WeightsException e = assertThrows(WeightsException.class, () -> PthReader.read(zipOf(pkl)));
        assertTrue(e.getMessage().contains("'os.system'"), e.getMessage());
    }

    @Test
    void instOpcodeIsCheckedTheSameWay() throws IOException {
        // MARK; SHORT_BINUNICODE 'id'; INST os system
        byte[] pkl = bytes(0x80, 2, '(', 0x8c, 2, "id", 'i', "os\nsystem\n", '.');
        WeightsException e = assertThrows(WeightsException.class, () -> PthReader.read(zipOf(pkl)));
        assertTrue(e.getMessage().contains("'os.system'"), e.getMessage());
    }

    @Test
    void extensionRegistryIsRefused() throws IOException {
        byte[] pkl = bytes(0x80, 2, 0x82, 1, '.');
        WeightsException e = assertThrows(WeightsException.class, () -> PthReader.read(zipOf(pkl)));
        assertTrue(e.getMessage().contains("extension registry"), e.getMessage());
    }

    @Test
    void wholeModelPickleIsRefusedWithTheStateDictAdvice() throws IOException {
        // torch.save(model) names the model's class
        byte[] pkl = bytes(0x80, 2, 'c', "torchvision.models.resnet\nResNet\n", ')', 0x81, '.');
        WeightsException e = assertThrows(WeightsException.class, () -> PthReader.read(zipOf(pkl)));
        assertTrue(e.getMessage().contains("torch.save(model.state_dict(), path)"), e.getMessage());
    }

    private Path zipOf(byte[] dataPkl) throws IOException {
        Path file = Files.createTempFile(dir, "evil", ".pth");
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("evil/data.pkl"));
            zip.write(dataPkl);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("evil/version"));
            zip.write("3\n".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        return file;
    }

    /** Opcodes and operands: ints are single bytes, strings their ASCII bytes. */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Integer i) {
                out.write(i);
            } else if (p instanceof Character c) {
                out.write(c);
            } else {
                out.writeBytes(p.toString().getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toByteArray();
    }
}
