package dev.graft.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.weights.HostTensor;
import dev.graft.weights.Safetensors;
import dev.graft.weights.StateDict;
import dev.graft.weights.Weights;
import dev.graft.weights.WeightsException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every request goes to a server on 127.0.0.1 that serves bytes made here; nothing leaves the machine. */
class WeightSourceTest {
    @TempDir
    Path cacheDir;

    private LoopbackServer server;
    private byte[] payload;

    @BeforeEach
    void serve() throws IOException {
        server = LoopbackServer.start();
        payload = new byte[300_000];
        new Random(42).nextBytes(payload);
        server.files.put("/w/model.bin", payload);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A source that sees no real environment: no proxies, no mirror, cache in the test folder. */
    private WeightSource.Builder source() {
        return WeightSource.builder().optEnvironment(Map.of()).optCacheDir(cacheDir);
    }

    private static String sha(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void downloadsOnceThenServesFromTheCache() throws IOException {
        String url = server.base() + "/w/model.bin";
        Path first = source().build().resolve(url);
        assertArrayEquals(payload, Files.readAllBytes(first));
        assertTrue(first.startsWith(cacheDir), first.toString());
        assertEquals(1, server.seen.size());
        Path again = source().build().resolve(url);
        assertEquals(first, again);
        assertEquals(1, server.seen.size(), "a cache hit makes no request");
    }

    @Test
    void interruptedTransferResumesWithARangeRequest() throws IOException {
        server.cutNext.set(1);
        Path file = source().build().resolve(server.base() + "/w/model.bin#sha256=" + sha(payload));
        assertEquals(2, server.seen.size());
        assertNull(server.seen.get(0).range());
        // the server wrote half before dropping the connection; a reset may lose some of it in flight
        long from = rangeStart(server.seen.get(1).range());
        assertTrue(from > 0 && from <= payload.length / 2, "resumed from byte " + from);
        assertEquals(sha(payload), sha(Files.readAllBytes(file)));
        assertFalse(Files.exists(file.resolveSibling("model.bin.part")));
    }

    @Test
    void aLaterRunResumesWhatAnEarlierRunLeft() throws IOException {
        server.cutNext.set(1);
        String url = server.base() + "/w/model.bin";
        DownloadException e = assertThrows(DownloadException.class, () -> source().optRetries(0).build().resolve(url));
        assertFalse(e.offline());
        assertTrue(e.getMessage().contains("run again to resume"), e.getMessage());
        Path part = source().build().cachePath(URI.create(url)).resolveSibling("model.bin.part");
        long kept = Files.size(part);
        assertTrue(kept > 0 && kept <= payload.length / 2, "kept " + kept + " bytes of the cut transfer");
        Path file = source().optRetries(0).build().resolve(url);
        assertEquals("bytes=" + kept + "-", server.seen.get(1).range());
        assertArrayEquals(payload, Files.readAllBytes(file));
    }

    @Test
    void aFileChangedOnTheServerRestartsInsteadOfSplicing() throws IOException {
        server.cutNext.set(1);
        String url = server.base() + "/w/model.bin";
        assertThrows(DownloadException.class, () -> source().optRetries(0).build().resolve(url));
        byte[] v2 = new byte[200_000];
        new Random(7).nextBytes(v2);
        server.files.put("/w/model.bin", v2);
        server.etag = "\"v2\"";
        Path file = source().optRetries(0).build().resolve(url);
        assertArrayEquals(v2, Files.readAllBytes(file), "If-Range made the server send the whole new file");
    }

    @Test
    void checksumMismatchIsAnErrorAndLeavesNothingInTheCache() {
        String wrong = "0".repeat(64);
        String url = server.base() + "/w/model.bin#sha256=" + wrong;
        DownloadException e = assertThrows(DownloadException.class, () -> source().build().resolve(url));
        assertTrue(e.getMessage().contains("expected " + wrong) && e.getMessage().contains("got " + sha(payload)),
                e.getMessage());
        Path target = source().build().cachePath(URI.create(server.base() + "/w/model.bin"));
        assertFalse(Files.exists(target), "a corrupt file must not be cached");
        assertFalse(Files.exists(target.resolveSibling("model.bin.part")), "nor kept as a partial download");
    }

    @Test
    void hfSpecGoesToTheMirrorAndLoads() throws IOException {
        StateDict sd = new StateDict().put("fc.weight", new HostTensor(new long[] {2}, new float[] {1.5f, -2f}));
        Path tmp = cacheDir.resolve("src.safetensors");
        Safetensors.write(sd, tmp);
        server.files.put("/mirror/acme/tiny/resolve/main/model.safetensors", Files.readAllBytes(tmp));
        WeightSource src = source().optHubUrl(server.base() + "/mirror/").build();
        Path file = src.resolve("hf://acme/tiny");
        assertEquals("/mirror/acme/tiny/resolve/main/model.safetensors", server.seen.get(0).target());
        assertEquals(cacheDir.resolve("huggingface.co/acme/tiny/resolve/main/model.safetensors"), file);
        assertArrayEquals(new float[] {1.5f, -2f}, Weights.load(file).get("fc.weight").data());
        // Plain hub URLs are mirrored the same way, and land on the same cache entry.
        assertEquals(file, src.resolve("https://huggingface.co/acme/tiny/resolve/main/model.safetensors"));
        assertEquals(1, server.seen.size());
    }

    @Test
    void mirrorIsReadFromGraftHubUrl() {
        server.files.put("/org/repo/resolve/v2/sub/w.bin", payload);
        WeightSource src = WeightSource.builder().optCacheDir(cacheDir)
                .optEnvironment(Map.of("GRAFT_HUB_URL", server.base())).build();
        src.resolve("hf://org/repo@v2/sub/w.bin");
        assertEquals("/org/repo/resolve/v2/sub/w.bin", server.seen.get(0).target());
    }

    @Test
    void shardIndexBringsItsShards() throws IOException {
        Path a = cacheDir.resolve("a.safetensors");
        Path b = cacheDir.resolve("b.safetensors");
        Safetensors.write(new StateDict().put("x", new HostTensor(new long[] {1}, new float[] {1})), a);
        Safetensors.write(new StateDict().put("y", new HostTensor(new long[] {1}, new float[] {2})), b);
        String dir = "/m/org/big/resolve/main/";
        server.files.put(dir + "model-1.safetensors", Files.readAllBytes(a));
        server.files.put(dir + "model-2.safetensors", Files.readAllBytes(b));
        server.files.put(dir + "model.safetensors.index.json", ("{\"weight_map\": {\"x\": \"model-1.safetensors\","
                + " \"y\": \"model-2.safetensors\"}}").getBytes());
        Path index = source().optHubUrl(server.base() + "/m").build().resolve("hf://org/big/model.safetensors.index.json");
        StateDict sd = Weights.load(index);
        assertArrayEquals(new float[] {2}, sd.get("y").data());
        assertEquals(3, server.seen.size());
    }

    @Test
    void unreachableHostGivesTheOfflineMessage() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        WeightSource src = source().optHubUrl("http://127.0.0.1:" + closedPort).build();
        DownloadException e = assertThrows(DownloadException.class, () -> src.resolve("hf://acme/tiny"));
        String msg = e.getMessage();
        assertTrue(e.offline());
        assertFalse(msg.contains("\n"), "one line");
        assertTrue(msg.startsWith("cannot download hf://acme/tiny"), msg);
        assertTrue(msg.contains("appears to be offline"), msg);
        assertTrue(msg.contains(cacheDir.resolve("huggingface.co/acme/tiny/resolve/main/model.safetensors").toString()), msg);
        assertTrue(msg.contains("GRAFT_HUB_URL"), msg);
    }

    @Test
    void missingRemoteFileIsNotMistakenForOffline() {
        DownloadException e = assertThrows(DownloadException.class,
                () -> source().build().resolve(server.base() + "/nope.bin"));
        assertFalse(e.offline());
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    }

    @Test
    void httpProxyFromTheEnvironmentCarriesTheRequest() throws IOException {
        try (LoopbackServer proxy = LoopbackServer.start()) {
            // The proxy answers for the origin; NO_PROXY set (to something else) lifts the loopback bypass.
            String origin = server.base() + "/w/model.bin";
            proxy.files.put("/w/model.bin", payload);
            WeightSource src = WeightSource.builder().optCacheDir(cacheDir)
                    .optEnvironment(Map.of("HTTP_PROXY", proxy.base(), "NO_PROXY", "example.internal")).build();
            Path file = src.resolve(origin);
            assertArrayEquals(payload, Files.readAllBytes(file));
            assertEquals(origin, proxy.seen.get(0).target(), "a proxy gets the absolute URL");
            assertEquals(0, server.seen.size(), "the origin was not contacted directly");
        }
    }

    @Test
    void registryTagsResolveThroughTheTagResolver() throws IOException {
        TagResolver registry = tag -> tag.equals("tiny.v1")
                ? Optional.of(new RemoteFile(server.url("/w/model.bin"), sha(payload))) : Optional.empty();
        WeightSource src = source().optTagResolver(registry).build();
        assertArrayEquals(payload, Files.readAllBytes(src.resolve("tiny.v1")));
        WeightsException e = assertThrows(WeightsException.class, () -> src.resolve("tiny.v2"));
        assertTrue(e.getMessage().contains("not a known model tag"), e.getMessage());
    }

    @Test
    void localPathsPassThrough() throws IOException {
        Path local = Files.write(cacheDir.resolve("here.pth"), new byte[] {1});
        assertEquals(local, source().build().resolve(local.toString()));
        assertEquals(local, source().build().resolve(local.toUri().toString()));
        assertEquals(0, server.seen.size());
    }

    @Test
    void hfSpecsMapToResolveUrls() {
        assertEquals(URI.create("https://huggingface.co/timm/resnet18/resolve/main/model.safetensors"),
                WeightSource.huggingFaceUrl("hf://timm/resnet18"));
        assertEquals(URI.create("https://huggingface.co/o/r/resolve/abc123/sub/pytorch_model.bin"),
                WeightSource.huggingFaceUrl("hf://o/r@abc123/sub/pytorch_model.bin"));
        assertThrows(WeightsException.class, () -> WeightSource.huggingFaceUrl("hf://justorg"));
    }

    @Test
    void progressIsReportedUpToTheTotal() {
        long[] last = {-1, -1};
        boolean[] finished = {false};
        ProgressListener listener = new ProgressListener() {
            @Override
            public void progress(String name, long done, long total) {
                assertTrue(done > last[0], "monotonic");
                last[0] = done;
                last[1] = total;
            }

            @Override
            public void finished(String name, long total) {
                finished[0] = true;
            }
        };
        source().optProgress(listener).build().resolve(server.base() + "/w/model.bin");
        assertEquals(payload.length, last[0]);
        assertEquals(payload.length, last[1]);
        assertTrue(finished[0]);
    }

    /** N of a {@code bytes=N-} range header. */
    private static long rangeStart(String range) {
        assertNotNull(range, "the second request should ask for a range");
        assertTrue(range.startsWith("bytes=") && range.endsWith("-"), range);
        return Long.parseLong(range.substring(6, range.length() - 1));
    }
}
