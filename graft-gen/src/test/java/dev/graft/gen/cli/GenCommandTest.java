package dev.graft.gen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.graft.engine.Engines;
import dev.graft.gen.score.FeatureNet;
import dev.graft.weights.Safetensors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = GenCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void pretrainFinetuneSampleAndScoreATinyGanEndToEnd() throws Exception {
        Path classifier = randomClassifier();
        Path base = tmp.resolve("base");
        assertEquals(0, run("pretrain", "--model", "gan", "--width", "8", "--steps", "2", "--batch", "4", "--out",
                base.toString()), err.toString());
        assertTrue(Files.isRegularFile(base.resolve("model.safetensors")));
        assertTrue(Files.isRegularFile(base.resolve("discriminator.safetensors")));
        Path ft = tmp.resolve("ft");
        assertEquals(0, run("finetune", "--base", base.toString(), "--data", "fashion-mnist:9", "--images", "10",
                "--strategy", "lora:2", "--steps", "2", "--batch", "4", "--eval-every", "1", "--eval-samples", "8",
                "--classifier", classifier.toString(), "--out", ft.toString()), err.toString());
        assertTrue(Files.isRegularFile(ft.resolve("adapters.safetensors")), "LoRA runs keep their adapters");
        assertTrue(Files.readString(ft.resolve("graft.json")).contains("\"strategy\": \"lora:2\""));
        Path png = tmp.resolve("grid.png");
        assertEquals(0, run("sample", "--run", ft.toString(), "--n", "4", "--out", png.toString()), err.toString());
        assertTrue(Files.size(png) > 100);
        assertEquals(0, run("score", "--run", ft.toString(), "--samples", "16", "--bootstrap", "5", "--classifier",
                classifier.toString(), "--json"), err.toString());
        assertTrue(out.toString().contains("\"fid\""), out.toString());
        assertTrue(Files.isRegularFile(ft.resolve("score.json")));
    }

    @Test
    void ddpmPretrainsAndSamples() {
        Path base = tmp.resolve("ddpm");
        assertEquals(0, run("pretrain", "--model", "ddpm", "--channels", "4", "--steps", "1", "--batch", "2",
                "--sampling-steps", "1", "--out", base.toString()), err.toString());
        assertEquals(0, run("sample", "--run", base.toString(), "--n", "2", "--steps", "1", "--out",
                tmp.resolve("d.png").toString()), err.toString());
    }

    @Test
    void userErrorsExitWithOneAndAUsageErrorWithTwo() {
        assertEquals(1, run("score", "--run", tmp.resolve("missing").toString()));
        assertTrue(err.toString().contains("no such run folder"), err.toString());
        assertEquals(2, run("finetune", "--data", "fashion-mnist:9"), "missing --base is a usage error");
        assertEquals(1, run("finetune", "--base", tmp.toString(), "--data", "x", "--images", "1", "--strategy",
                "dreambooth", "--out", tmp.resolve("o").toString()));
        assertTrue(err.toString().contains("unknown strategy"), err.toString());
        assertEquals(2, run("finetune", "--base", tmp.toString(), "--data", "fashion-mnist:9", "--images", "1"),
                "missing --out is a usage error");
        assertTrue(err.toString().contains("Missing required option: '--out=OUT'"), err.toString());
    }

    @Test
    void sharedFlagsKeepEachCommandsDefault() {
        assertEquals(0, run("sample", "--help"));
        assertTrue(out.toString().contains("(default: 0)"), "gen sample draws with seed 0: " + out);
        out.getBuffer().setLength(0);
        assertEquals(0, run("pretrain", "--help"));
        assertTrue(out.toString().contains("(default: fashion-mnist:0-4)") && out.toString().contains("(default: 42)"),
                out.toString());
    }

    private Path randomClassifier() {
        Engines.start(0);
        try (NDManager m = Engines.newManager()) {
            FeatureNet net = new FeatureNet();
            net.materialize(m, 3);
            Path f = tmp.resolve("classifier.safetensors");
            Safetensors.write(net.stateDict(), f);
            return f;
        }
    }
}
