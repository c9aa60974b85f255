package dev.graft.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.bench.VsPytorch;
import dev.graft.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code graft bench --vs-pytorch} measures, in full and with {@code --quick}; no Python is started. */
class VsPytorchOptionsTest {
    private static VsPytorch.Config plan(String... args) {
        BenchCommand cmd = new BenchCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.vs.plan(cmd.threadCounts, cmd.steps);
    }

    private static Set<String> names(VsPytorch.Config c) {
        return c.cases().stream().map(k -> k.arch() + " " + (k.train() ? "train" : "infer") + " " + k.size() + "/"
                + k.batch() + " " + k.threads() + "t").collect(Collectors.toSet());
    }

    @Test
    void theFullRunMeasuresEveryRowTheIssueAsksFor() {
        VsPytorch.Config c = plan("--vs-pytorch");
        Set<String> want = new java.util.HashSet<>();
        for (int t : List.of(1, 2)) {
            want.addAll(List.of("resnet18 train 224/32 " + t + "t", "resnet18 infer 224/64 " + t + "t",
                    "resnet18 train 64/64 " + t + "t", "resnet18 infer 64/128 " + t + "t",
                    "resnet50 train 224/32 " + t + "t", "resnet50 infer 224/64 " + t + "t"));
        }
        assertEquals(want, names(c));
        assertEquals(3, c.rounds());
        assertEquals(3, c.rssSteps(), "peak RSS of the resnet50 fine-tune is part of the full run");
        assertEquals(2, c.rssThreads());
    }

    @Test
    void quickKeepsResnet18AtEveryThreadCountAndResnet50AtTheHighest() {
        VsPytorch.Config c = plan("--vs-pytorch", "--quick");
        Set<String> n = names(c);
        assertEquals(10, n.size(), n.toString());
        assertTrue(n.contains("resnet18 train 64/64 1t") && n.contains("resnet50 train 224/32 2t"), n.toString());
        assertTrue(n.stream().noneMatch(s -> s.startsWith("resnet50") && s.endsWith(" 1t")), n.toString());
        assertEquals(2, c.rounds());
        assertTrue(c.rssSteps() > 0);
        assertEquals(4, plan("--vs-pytorch", "--quick", "--rounds", "4").rounds(), "an explicit --rounds wins");
    }

    @Test
    void aMissingPythonIsOneLineAndExitCodeOne() {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.run("bench", "--vs-pytorch", "--python", "/nonexistent/python3", "--pytorch-script", "pom.xml");
        } finally {
            System.setErr(old);
        }
        String e = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, code, e);
        assertTrue(e.startsWith("graft: error: ") && e.contains("/nonexistent/python3") && !e.contains("\n"), e);
    }
}
