package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --json} output: results that hold paths (graft demo's rows) print them as text. */
class PrintingTest {
    @Test
    void pathsPrintAsText() {
        assertEquals("{\n  \"run\": \"runs/demo/scratch\"\n}", Printing.toJson(Map.of("run", Path.of("runs/demo/scratch"))));
    }
}
