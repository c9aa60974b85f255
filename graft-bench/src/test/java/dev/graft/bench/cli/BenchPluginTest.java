package dev.graft.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.cli.Main;
import dev.graft.serve.Classifier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The graft CLI finds {@code graft bench} through its ServiceLoader registration alone, and its
 * serving benchmark takes the library's defaults without repeating them.
 */
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
        assertTrue(help.contains("--serve") && help.contains("--max-concurrent"), help);
    }

    @Test
    void serveDefaultsAreTheLibrarysAndNoneIsRepeated() throws Exception {
        BenchCommand cmd = new BenchCommand();
        CommandLine cl = new CommandLine(cmd);
        cl.parseArgs("--serve");
        assertEquals(Classifier.DEFAULT_MAX_CONCURRENT, cmd.serve.maxConcurrent);
        String none = (String) Option.class.getMethod("defaultValue").getDefaultValue();
        int provided = 0;
        for (OptionSpec o : cl.getCommandSpec().options()) {
            if (BenchDefaults.DEFAULTS.containsKey(o.names()[0])) {
                provided++;
                Field f = (Field) o.userObject();
                assertEquals(none, f.getAnnotation(Option.class).defaultValue(), o.names()[0] + " repeats a default");
                assertEquals(String.valueOf(Classifier.DEFAULT_MAX_CONCURRENT), o.defaultValueString(), o.names()[0]);
            }
        }
        assertEquals(BenchDefaults.DEFAULTS.size(), provided, "every library default has its option");
    }
}
