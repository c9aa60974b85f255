package dev.graft.export;

import dev.graft.cli.InProcessCli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code graft export}'s errors: one line naming the problem and the fix, exit code 1 (2 for usage). */
class ExportCliTest {
    @TempDir
    Path tmp;

    @Test
    void aMissingRunIsOneLineNamingTheFolder() {
        Path missing = tmp.resolve("no-such-run");
        InProcessCli.Result r = InProcessCli.run("export", "--run", missing.toString(), "--out", tmp.resolve("m.onnx").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(missing.toString()), r.err());
        assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("graft: error")).count(), r.err());
    }

    @Test
    void anotherFormatIsRefusedWithTheFix() {
        InProcessCli.Result r = InProcessCli.run("export", "--run", tmp.toString(), "--format", "tflite", "--out",
                tmp.resolve("m.onnx").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("--format tflite is not supported; use --format onnx"), r.err());
    }

    @Test
    void theOutputIsRequired() {
        InProcessCli.Result r = InProcessCli.run("export", "--run", tmp.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--out"), r.err());
    }

    @Test
    void anUnsupportedOpsetIsRefused() {
        InProcessCli.Result r = InProcessCli.run("export", "--run", tmp.toString(), "--opset", "12", "--out",
                tmp.resolve("m.onnx").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("opset 12 is not supported; give one from 17 to 21"), r.err());
    }
}
