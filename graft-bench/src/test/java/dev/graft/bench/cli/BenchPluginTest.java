package dev.graft.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The graft CLI finds {@code graft bench} through its ServiceLoader registration alone. */
class BenchPluginTest {
    @Test
    void theMainCommandRunsBench() {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertEquals(0, Main.run("bench", "--help"));
        } finally {
            System.setOut(old);
        }
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("--thread-counts") && help.contains("runs/bench-memory)"), help);
    }
}
