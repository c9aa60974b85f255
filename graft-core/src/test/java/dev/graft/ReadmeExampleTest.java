package dev.graft;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's Java example is the quick-start project's code, line for line: its imports, then
 * the statements between the {@code README begin} and {@code README end} markers. CI compiles and
 * runs that project, so the README shows code that runs.
 */
class ReadmeExampleTest {
    static final Path ROOT = Path.of("..");

    @Test
    void readmeShowsTheQuickstartExactly() throws Exception {
        List<String> lines = Files.readAllLines(ROOT.resolve("examples/src/main/java/example/Quickstart.java"));
        List<String> expected = new ArrayList<>();
        lines.stream().filter(l -> l.startsWith("import ")).forEach(expected::add);
        expected.add("");
        int begin = lines.indexOf("        // README begin");
        int end = lines.indexOf("        // README end");
        assertTrue(begin >= 0 && end > begin, "Quickstart.java lost its README markers");
        for (String l : lines.subList(begin + 1, end)) {
            expected.add(l.length() >= 8 ? l.substring(8) : l.strip());
        }
        String block = "```java\n" + String.join("\n", expected) + "\n```\n";
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertTrue(readme.contains(block), "README.md's Java block differs from the quick start; it should read:\n"
                + block);
    }
}
