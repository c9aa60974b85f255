package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The fine-tuning craft flags end to end: augmentation, regularisation, balance, schedules, TTA, lr-find. */
class CliCraftTest {
    static final CliFixtures.Workspace ws = CliFixtures.Workspace.temp(3, 10, 2, 3);
    static final CliFixtures.Run trained = ws.run("run", "--epochs", "1", "--head-epochs", "1",
            "--batch-size", "8", "--augment", "strong", "--jitter", "0.3,0.3,0.3,0.05", "--vflip", "--ema", "0.99",
            "--drop-path", "0.1", "--balance", "weighted", "--monitor", "val_acc", "--unfreeze-every", "1",
            "--layer-decay", "0.7", "--schedule", "onecycle", "--tta", "--trainable-report");

    @Test
    void trainTakesEveryCraftFlagAndRecordsThemInGraftJson() throws Exception {
        CliHarness.Result r = trained.result();
        assertTrue(r.err().contains("[head] trainable parameters of resnet18_small by stage"), r.err());
        assertTrue(r.err().contains("[fine-tune] trainable parameters"), r.err());
        JsonObject config = new Gson().fromJson(Files.readString(trained.dir().resolve("graft.json")), JsonObject.class)
                .getAsJsonObject("config");
        String augment = config.get("augment").getAsString();
        assertTrue(augment.contains("vflip") && augment.contains("jitter 0.3,0.3,0.3,0.05")
                && augment.contains("randaugment 2,9") && augment.contains("mixup 0.2"), augment);
        String train = config.get("train").getAsString();
        assertTrue(train.contains("emaDecay=0.99") && train.contains("monitor=VAL_ACC")
                && train.contains("schedule=ONECYCLE"), train);
        assertEquals("[1.0, 1.0, 1.0]", config.get("classWeights").getAsString(), "8 training images per class");
        String tuning = config.get("tuning").getAsString();
        assertTrue(tuning.contains("dropPath=0.1") && tuning.contains("layerDecay=0.7")
                && tuning.contains("unfreezeEvery=1"), tuning);
        assertTrue(config.get("savedWeights").getAsString().startsWith("EMA"), config.toString());
        assertEquals("true", config.get("tta").getAsString());
    }

    @Test
    void evaluateWithTta() {
        CliHarness.Result r = CliHarness.run("evaluate", "--run", trained.dir().toString(), "--data", ws.data().toString(), "--tta");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("recall"), r.out());
    }

    @Test
    void lrFindPlotsAndSuggests() {
        Path out = ws.root().resolve("lrfind");
        CliHarness.Result r = CliHarness.run("lr-find", "--data", ws.data().toString(), "--model", "resnet18_small",
                "--weights", ws.weights().toString(), "--batch-size", "8", "--balance", "sampler", "--steps", "20",
                "--end-lr", "1", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("suggested lr") && r.out().contains("minimum of the smoothed loss / 10"), r.out());
        assertTrue(Files.isRegularFile(out.resolve("lr-find.png")));
        assertTrue(Files.isRegularFile(out.resolve("lr-find.csv")));
    }

    @Test
    void badCraftFlagsAreOneLineUserErrors() {
        String[][] cases = {
            {"--augment", "custom"}, {"--jitter", "0.4,0.4"}, {"--randaugment", "2,40"}, {"--monitor", "val_f1"},
            {"--balance", "oversample"}, {"--ema", "1.5"}, {"--drop-path", "1"}, {"--crop-scale", "0"},
            {"--schedule", "step"}, {"--unfreeze-every", "-1"},
        };
        for (String[] c : cases) {
            CliHarness.Result r = CliHarness.run("train", "--data", ws.data().toString(), "--model", "resnet18_small",
                    "--weights", ws.weights().toString(), c[0], c[1], "--out", ws.root().resolve("bad").toString());
            assertEquals(1, r.code(), String.join(" ", c) + ": " + r.err());
            assertTrue(r.err().startsWith("graft: error: ") && r.err().strip().lines().count() == 1,
                    String.join(" ", c) + ": " + r.err());
        }
    }
}
