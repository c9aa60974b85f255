package dev.graft.cli.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.graft.testing.HostileImages;
import dev.graft.testing.HostileWeights;
import dev.graft.testing.RawHttpServer;
import dev.graft.weights.HostTensor;
import dev.graft.weights.Safetensors;
import dev.graft.weights.StateDict;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input corpus, through the real {@code graft} command in a child JVM with a small heap.
 * The files come from the committed generators ({@link HostileWeights}, {@link HostileImages},
 * {@link RawHttpServer}); every case must end with exit code 1 and one {@code graft: error:} line
 * naming the file or URL, no stack trace, no file changed outside the run and cache folders, peak
 * memory under a bound, and (for the hang cases) well inside the test's timeout.
 */
class HostileCorpusTest {
    // libtorch alone takes about 200 MiB; a bomb that got past its limit would fill the 512 MiB heap
    private static final long RSS_BOUND_MB = 400;
    private static final Duration HANG_BOUND = Duration.ofSeconds(45);

    @TempDir
    static Path root;
    static Path data;

    @BeforeAll
    static void data() throws IOException {
        data = root.resolve("data");
        for (String c : new String[] {"a", "b"}) {
            Path dir = Files.createDirectories(data.resolve(c));
            for (int i = 0; i < 2; i++) {
                ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png",
                        dir.resolve(i + ".png").toFile());
            }
        }
    }

    /** {@code graft train} from {@code weights}, with every writable place outside the snapshot. */
    private static ChildCli.Run train(String weights, Path dataDir, ChildCli child) throws Exception {
        TreeSnapshot before = TreeSnapshot.of(root, "runs", "cache");
        Path out = root.resolve("runs").resolve("r" + System.nanoTime());
        List<String> args = new ArrayList<>(List.of("train", "--data", dataDir.toString(), "--model",
                "resnet18_small", "--strategy", weights == null ? "scratch" : "fine-tune", "--epochs", "1",
                "--out", out.toString()));
        if (weights != null) {
            args.addAll(List.of("--weights", weights));
        }
        ChildCli.Run r = child.env("GRAFT_CACHE_DIR", root.resolve("cache").toString())
                .run(args.toArray(String[]::new));
        before.assertUnchanged("runs", "cache");
        assertFalse(Files.exists(out.resolve("graft.json")), "no run was written");
        return r;
    }

    private static ChildCli child() {
        return ChildCli.in(root).heap("512m").timeout(Duration.ofSeconds(120));
    }

    private static void weightsRefused(Path file, String... fragments) throws Exception {
        List<String> all = new ArrayList<>(List.of(file.toString()));
        all.addAll(List.of(fragments));
        train(file.toString(), data, child()).assertOneLineError(all.toArray(String[]::new))
                .assertPeakRssBelowMb(RSS_BOUND_MB);
    }

    private static Path corpus(String name) {
        return root.resolve("corpus").resolve(name);
    }

    @Test
    void picklesWithCyclesDepthAndFanOut() throws Exception {
        weightsRefused(HostileWeights.selfReferencingDict(corpus("self.pth")), "contains itself");
        weightsRefused(HostileWeights.cyclicTupleKey(corpus("tuple-key.pth")), "unhashable");
        weightsRefused(HostileWeights.deepDicts(corpus("deep.pth"), 50_000), "GRAFT_MAX_PICKLE_DEPTH");
        weightsRefused(HostileWeights.memoFanOut(corpus("fanout.pth"), 40, 4), "GRAFT_MAX_PICKLE_OBJECTS");
        weightsRefused(HostileWeights.storageBomb(corpus("inflates.pth"), 10_000_000),
                "GRAFT_MAX_WEIGHT_EXPANSION");
    }

    @Test
    void safetensorsHeadersThatLie() throws Exception {
        weightsRefused(HostileWeights.safetensors(corpus("neg.safetensors"),
                "{" + HostileWeights.entry("conv1.weight", "F32", "[-4,4]", 0, 64) + "}", 64), "'conv1.weight'",
                "negative size");
        weightsRefused(HostileWeights.safetensors(corpus("range.safetensors"),
                "{" + HostileWeights.entry("conv1.weight", "F32", "[4,4]", 0, 60) + "}", 64), "'conv1.weight'",
                "needs 64");
        weightsRefused(HostileWeights.safetensors(corpus("overlap.safetensors"), "{"
                + HostileWeights.entry("a", "F32", "[8]", 0, 32) + "," + HostileWeights.entry("b", "F32", "[8]", 16, 48)
                + "}", 48), "'b'", "overlaps");
        weightsRefused(HostileWeights.safetensors(corpus("outside.safetensors"),
                "{" + HostileWeights.entry("w", "F32", "[1000000]", 0, 4_000_000) + "}", 64), "'w'", "truncated");
    }

    @Test
    void shardIndexesThatRecurseOrClimbOut() throws Exception {
        weightsRefused(HostileWeights.shardIndex(corpus("self/model.safetensors.index.json"),
                "model.safetensors.index.json"), "another index (or this one)");
        Files.writeString(corpus("secret.safetensors"), "outside the index folder");
        weightsRefused(HostileWeights.shardIndex(corpus("climb/model.safetensors.index.json"),
                "../secret.safetensors"), "outside the index's folder");
    }

    @Test
    void aClassOfDecompressionBombsAndAHugeFile() throws Exception {
        Path bombs = root.resolve("bombs");
        Path a = Files.createDirectories(bombs.resolve("a"));
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", a.resolve("0.png").toFile());
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", a.resolve("1.png").toFile());
        HostileImages.jpeg(bombs.resolve("b/bomb.jpg"), 20000, 20000);
        HostileImages.png1Bit(bombs.resolve("b/bomb.png"), 20000, 20000);
        HostileImages.huge(bombs.resolve("b/huge.jpg"), 3L << 30);
        train(null, bombs, child()).assertOneLineError(bombs.resolve("b").toString(), "no readable images", "pixels")
                .assertPeakRssBelowMb(RSS_BOUND_MB).assertFinishedWithin(HANG_BOUND);
    }

    @Test
    void serversThatNeverStop() throws Exception {
        try (RawHttpServer s = RawHttpServer.start(RawHttpServer.endless())) {
            String url = s.url("/endless.safetensors");
            train(url, data, child().env("GRAFT_MAX_DOWNLOAD_BYTES", "8M")).assertOneLineError("endless.safetensors",
                    "without announcing a length").assertPeakRssBelowMb(RSS_BOUND_MB).assertFinishedWithin(HANG_BOUND);
        }
        assertNoCompleteDownload("endless.safetensors");
    }

    @Test
    void serversThatStall() throws Exception {
        try (RawHttpServer s = RawHttpServer.start(RawHttpServer.trickle(1000, 4000))) {
            train(s.url("/trickle.safetensors"), data, child().env("GRAFT_DOWNLOAD_STALL_SECONDS", "1"))
                    .assertOneLineError("trickle.safetensors", "sent nothing for 1 s").assertFinishedWithin(HANG_BOUND);
        }
        try (RawHttpServer s = RawHttpServer.start(RawHttpServer.silent())) {
            train(s.url("/silent.safetensors"), data, child().env("GRAFT_DOWNLOAD_HEADER_SECONDS", "1"))
                    .assertOneLineError("silent.safetensors", "response headers").assertFinishedWithin(HANG_BOUND);
        }
        assertNoCompleteDownload("trickle.safetensors");
        assertNoCompleteDownload("silent.safetensors");
    }

    @Test
    void bodyLongerThanItsContentLengthIsNotKept() throws Exception {
        StateDict sd = new StateDict().put("w", new HostTensor(new long[] {256}, new float[256]));
        Path real = Files.createDirectories(root.resolve("runs")).resolve("real.safetensors");
        Safetensors.write(sd, real);
        byte[] body = Files.readAllBytes(real);
        Files.delete(real);
        try (RawHttpServer s = RawHttpServer.start(RawHttpServer.longerThanAnnounced(body, body.length - 100))) {
            train(s.url("/long.safetensors"), data, child()).assertOneLineError("long.safetensors", "truncated",
                    ".unreadable");
        }
        assertNoCompleteDownload("long.safetensors");
    }

    @Test
    void shardOnAHostTheUserDidNotName() throws Exception {
        try (RawHttpServer other = RawHttpServer.start(RawHttpServer.fixed(new byte[16]))) {
            String elsewhere = other.url("/x/model-1.safetensors").replace("127.0.0.1", "localhost");
            byte[] json = ("{\"weight_map\":{\"w\":\"" + elsewhere + "\"}}").getBytes();
            try (RawHttpServer index = RawHttpServer.start(RawHttpServer.fixed(json))) {
                train(index.url("/m/model.safetensors.index.json"), data, child())
                        .assertOneLineError("refused to download", "GRAFT_ALLOWED_HOSTS");
            }
            assertEquals(0, other.requests(), "no request reached the other host");
        }
    }

    /** The cache holds no file of that name, only (at most) a partial one that can never pass for it. */
    private static void assertNoCompleteDownload(String name) throws IOException {
        Path cache = root.resolve("cache");
        if (!Files.exists(cache)) {
            return;
        }
        try (Stream<Path> s = Files.walk(cache)) {
            List<String> found = s.map(p -> p.getFileName().toString()).filter(n -> n.equals(name)).toList();
            assertEquals(List.of(), found, "a complete-looking " + name + " stayed in the cache");
        }
    }
}
