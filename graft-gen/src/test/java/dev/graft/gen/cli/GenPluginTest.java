package dev.graft.gen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The graft CLI finds {@code graft gen} through its ServiceLoader registration alone. */
class GenPluginTest {
    @Test
    void theMainCommandListsAndRunsGen() {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertEquals(0, Main.run("--help"));
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("gen"), out.toString(StandardCharsets.UTF_8));
            out.reset();
            assertEquals(0, Main.run("gen", "--help"));
        } finally {
            System.setOut(old);
        }
        String help = out.toString(StandardCharsets.UTF_8);
        for (String sub : new String[] {"pretrain", "finetune", "sample", "score", "study", "classifier"}) {
            assertTrue(help.contains(sub), help);
        }
    }
}
