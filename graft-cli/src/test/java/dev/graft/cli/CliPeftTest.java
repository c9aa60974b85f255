package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.weights.HostTensor;
import dev.graft.weights.Safetensors;
import dev.graft.weights.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** LoRA from the command line: train, predict, merge, and the errors around them. */
class CliPeftTest {
    static final CliFixtures.Workspace ws = CliFixtures.Workspace.temp(3, 8, 4, 5);
    static final CliFixtures.Run trained = ws.run("lora", "--strategy", "lora", "--lora-rank", "4",
            "--lora-alpha", "8", "--lora-targets", "layer4.*.conv*,layer3.1.conv2", "--epochs", "2",
            "--batch-size", "6");

    @Test
    void loraTrainsAndReportsTheTrainableShareAndTheAdapterFile() {
        CliHarness.Result r = trained.result();
        assertTrue(r.err().contains("lora: LoRA rank 4, alpha 8.0 on 5 layers"), r.err());
        assertTrue(r.out().matches("(?s).*trainable +[0-9,]+ of [0-9,]+ parameters \\([0-9.]+%\\).*"), r.out());
        assertTrue(r.out().contains("adapters.safetensors"), r.out());
        assertTrue(Files.isRegularFile(trained.dir().resolve("adapters.safetensors")));
        assertFalse(Files.exists(trained.dir().resolve("model.safetensors")));
    }

    @Test
    void predictAndMergeWorkOnTheLoraRun() throws Exception {
        Path img = ws.data().resolve("class_b/img0.png");
        CliHarness.Result refused = CliHarness.run("predict", "--run", trained.dir().toString(), img.toString());
        assertEquals(1, refused.code(), refused.err());
        assertTrue(refused.err().contains("add --base"), "a local base is opened only when named: " + refused.err());
        CliHarness.Result p = CliHarness.run("predict", "--run", trained.dir().toString(), "--base",
                ws.weights().toString(), img.toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().startsWith(img.toString()), p.out());
        Path merged = ws.root().resolve("merged");
        CliHarness.Result m = CliHarness.run("merge", "--run", trained.dir().toString(), "--base",
                ws.weights().toString(), "--out", merged.toString());
        assertEquals(0, m.code(), m.err());
        assertTrue(m.out().contains("merged 5 LoRA layer(s)"), m.out());
        CliHarness.Result p2 = CliHarness.run("predict", "--run", merged.toString(), img.toString());
        assertEquals(p.out().split("\t")[1], p2.out().split("\t")[1], "merged predicts the same top label");
    }

    @Test
    void aWrongBaseIsRefusedWithTheFix() throws Exception {
        StateDict w = Safetensors.read(ws.weights());
        HostTensor t = w.get("conv1.weight");
        float[] v = t.data().clone();
        v[3] = 9f;
        w.put("conv1.weight", new HostTensor(t.shape(), v));
        Path other = ws.root().resolve("other.safetensors");
        Safetensors.write(w, other);
        CliHarness.Result r = CliHarness.run("evaluate", "--run", trained.dir().toString(), "--data", ws.data().toString(),
                "--base", other.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("sha256") && r.err().contains("--base"), r.err());
    }

    @ParameterizedTest
    @CsvSource({"bitfit, 'BitFit: biases and normalisation shifts'", "adapter, '4 adapters [layer1.2, layer2.2, layer3.2, layer4.2]'"})
    void bitFitAndAdaptersRunFromTheCommandLine(String strategy, String described) {
        Path out = ws.root().resolve(strategy);
        CliHarness.Result r = CliHarness.run("train", "--data", ws.data().toString(), "--model", "resnet18_small",
                "--weights", ws.weights().toString(), "--strategy", strategy, "--adapter-reduction", "4", "--epochs", "1",
                "--batch-size", "6", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains(strategy + ": " + described), r.err());
        assertTrue(Files.isRegularFile(out.resolve("adapters.safetensors")));
    }

    @Test
    void mergeRefusesAnOutThatIsTheSourceRunThroughASymlink() throws Exception {
        Path run = trained.dir();
        Path link = Files.createSymbolicLink(ws.root().resolve("link-to-lora"), run);
        String adapters = dev.graft.io.Hashing.sha256(run.resolve("adapters.safetensors"));
        dev.graft.cli.hostile.TreeSnapshot before = dev.graft.cli.hostile.TreeSnapshot.of(run);
        CliHarness.Result r = CliHarness.run("merge", "--run", run.toString(), "--base", ws.weights().toString(),
                "--out", link.toString(), "--force");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("is the same folder as --run"), r.err());
        before.assertUnchanged();
        assertEquals(adapters, dev.graft.io.Hashing.sha256(run.resolve("adapters.safetensors")));
    }

    @Test
    void resumeRefusesOtherFlagsAndFinishedRuns() {
        CliHarness.Result r = CliHarness.run("train", "--resume", trained.dir().toString(), "--epochs", "5");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--epochs cannot be combined with --resume"), r.err());
        CliHarness.Result done = CliHarness.run("train", "--resume", trained.dir().toString());
        assertEquals(1, done.code(), done.err());
        assertTrue(done.err().contains("no checkpoint.safetensors to resume from; the run finished"), done.err());
        CliHarness.Result noData = CliHarness.run("train", "--out", ws.root().resolve("x").toString());
        assertEquals(2, noData.code(), noData.err());
        CliHarness.Result pre = CliHarness.run("pretrain", "--resume", trained.dir().toString());
        assertEquals(1, pre.code(), pre.err());
        assertTrue(pre.err().contains("no checkpoint.safetensors to resume from"), pre.err());
    }
}
