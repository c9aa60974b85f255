package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** train, evaluate and predict from the command line on a tiny ImageFolder with broken files in it. */
class CliEndToEndTest {
    static final CliFixtures.Workspace ws = withBrokenFiles(CliFixtures.Workspace.temp(3, 10, 1, 5));
    /** fine-tune on a 5-class "pretrained" resnet18_small, so the 3-class task must replace its head */
    static final CliFixtures.Run trained = ws.run("run", "--strategy", "fine-tune", "--epochs", "2",
            "--head-epochs", "1", "--batch-size", "8");

    /** An empty PNG, a text file named .jpg and a truncated JPEG among the images. */
    private static CliFixtures.Workspace withBrokenFiles(CliFixtures.Workspace w) {
        try {
            Files.write(w.data().resolve("class_a/empty.png"), new byte[0]);
            Files.writeString(w.data().resolve("class_b/not-an-image.jpg"), "hello");
            byte[] good = Files.readAllBytes(w.data().resolve("class_c/img1.jpg"));
            Files.write(w.data().resolve("class_c/truncated.jpg"), java.util.Arrays.copyOf(good, good.length / 3));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return w;
    }

    @Test
    void trainFineTunesAndWritesASelfContainedRun() throws Exception {
        CliHarness.Result r = trained.result();
        assertTrue(r.err().contains("replaced the 5-class head with a new 3-class head"), r.err());
        assertTrue(r.err().contains("skipped 3 unreadable image(s)"), r.err());
        assertTrue(r.out().contains("val accuracy"), r.out());
        assertTrue(Files.size(trained.dir().resolve("model.safetensors")) > 100_000);
        JsonObject info = new Gson().fromJson(Files.readString(trained.dir().resolve("graft.json")), JsonObject.class);
        assertEquals("resnet18_small", info.get("arch").getAsString());
        assertEquals(List.of("class_a", "class_b", "class_c"),
                new Gson().fromJson(info.get("labels"), List.class));
        assertEquals(64, info.getAsJsonObject("base").get("sha256").getAsString().length());
        assertTrue(info.getAsJsonObject("versions").get("libtorch").getAsString().startsWith("2."));
        assertEquals(3, info.getAsJsonObject("data").getAsJsonArray("skipped").size());
        List<String> lines = Files.readAllLines(trained.dir().resolve("metrics.jsonl"));
        assertEquals(3, lines.size(), "one line per epoch: 1 head + 2 fine-tune");
        assertTrue(lines.get(0).contains("\"phase\":\"head\"") && lines.get(2).contains("\"phase\":\"fine-tune\""));
    }

    @Test
    void evaluatePrintsMetricsAndWritesThePng() {
        CliHarness.Result r = CliHarness.run("evaluate", "--run", trained.dir().toString(), "--data", ws.data().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("precision") && r.out().contains("confusion matrix"), r.out());
        assertTrue(Files.isRegularFile(trained.dir().resolve("confusion.png")));
    }

    @Test
    void predictReadsAnyColourModelAndBitDepth() throws Exception {
        Path dir = Files.createDirectories(ws.root().resolve("predict"));
        Random rng = new Random(5);
        BufferedImage big = ImageFolderMaker.image(1, 3, 1200, 900, rng, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(big, "jpg", dir.resolve("big.jpg").toFile());
        BufferedImage grey16 = new BufferedImage(50, 40, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(10, 10, 0, 65535);
        ImageIO.write(grey16, "png", dir.resolve("grey16.png").toFile());
        BufferedImage indexed = new BufferedImage(30, 30, BufferedImage.TYPE_BYTE_INDEXED);
        ImageIO.write(indexed, "png", dir.resolve("palette.png").toFile());
        BufferedImage argb = new BufferedImage(30, 30, BufferedImage.TYPE_INT_ARGB);
        ImageIO.write(argb, "png", dir.resolve("alpha.png").toFile());
        CliHarness.Result r = CliHarness.run("predict", "--run", trained.dir().toString(), "--top", "2",
                dir.resolve("big.jpg").toString(), dir.resolve("grey16.png").toString(),
                dir.resolve("palette.png").toString(), dir.resolve("alpha.png").toString());
        assertEquals(0, r.code(), r.err() + r.out());
        String[] lines = r.out().strip().split("\n");
        assertEquals(4, lines.length, r.out());
        for (String l : lines) {
            assertEquals(5, l.split("\t").length, l); // file, then two (label, probability) pairs
        }
    }

    @Test
    void aFinishedRunIsNotOverwrittenWithoutForce() {
        CliHarness.Result r = CliHarness.run("train", "--data", ws.data().toString(), "--model", "resnet18_small",
                "--strategy", "scratch", "--epochs", "1", "--out", trained.dir().toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("already holds a run") && r.err().contains("--force"), r.err());
        assertTrue(Files.isRegularFile(trained.dir().resolve("graft.json")));
    }
}
