package dev.graft.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.model.Pretrained;
import dev.graft.testing.RawHttpServer;
import dev.graft.weights.HostTensor;
import dev.graft.weights.Safetensors;
import dev.graft.weights.StateDict;
import dev.graft.weights.WeightsException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers that misbehave on purpose, on 127.0.0.1: an endless body, a trickle, no headers, more
 * bytes than announced. Each download ends in a one-line error within its timeouts, never says it
 * finished, and leaves nothing in the cache that could pass for the file.
 * The class timeout is the hang guard: without the limits these tests would wait forever.
 */
@Timeout(120)
class HostileServerTest {
    @TempDir
    Path cacheDir;

    /** Records whether a download ever claimed to finish. */
    private final List<String> finished = new ArrayList<>();

    private WeightSource.Builder source() {
        return WeightSource.builder().optEnvironment(Map.of()).optCacheDir(cacheDir).optRetries(1)
                .optRequestTimeout(Duration.ofSeconds(1)).optStallTimeout(Duration.ofSeconds(1))
                .optProgress(new ProgressListener() {
                    @Override
                    public void finished(String name, long totalBytes) {
                        finished.add(name);
                    }
                });
    }

    /** Every regular file in the cache except lock files. */
    private List<String> cached() throws IOException {
        try (Stream<Path> s = Files.walk(cacheDir)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".lock")).toList();
        }
    }

    private DownloadException fails(RawHttpServer.Behaviour b, WeightSource src, long boundMillis) throws IOException {
        try (RawHttpServer server = RawHttpServer.start(b)) {
            long start = System.nanoTime();
            DownloadException e = assertThrows(DownloadException.class, () -> src.resolve(server.url("/w.bin")));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < boundMillis, "gave up after " + millis + " ms");
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            assertTrue(finished.isEmpty(), "progress claimed the download finished");
            return e;
        }
    }

    @Test
    void endlessBodyIsCutAtTheCapAndDeleted() throws IOException {
        DownloadException e = fails(RawHttpServer.endless(), source().optMaxUnsizedBytes(4 << 20).build(), 30_000);
        assertTrue(e.getMessage().contains("sent more than 4194304 bytes without announcing a length"), e.getMessage());
        assertTrue(e.getMessage().contains("GRAFT_MAX_DOWNLOAD_BYTES"), e.getMessage());
        assertEquals(List.of(), cached(), "nothing stays in the cache");
    }

    @Test
    void trickleIsAbandonedAfterTheStallTimeout() throws IOException {
        DownloadException e = fails(RawHttpServer.trickle(1000, 3000), source().build(), 30_000);
        assertTrue(e.getMessage().contains("the server sent nothing for 1 s"), e.getMessage());
        assertTrue(e.getMessage().contains("GRAFT_DOWNLOAD_STALL_SECONDS"), e.getMessage());
        assertFalse(cached().contains("w.bin"), "the partial file never passes for the file: " + cached());
    }

    @Test
    void serverThatNeverSendsHeadersIsGivenUpOn() throws IOException {
        DownloadException e = fails(RawHttpServer.silent(), source().build(), 30_000);
        assertTrue(e.getMessage().contains("response headers") && e.getMessage().contains("GRAFT_DOWNLOAD_HEADER_SECONDS"),
                e.getMessage());
        assertEquals(List.of(), cached());
    }

    @Test
    void stallTimeoutCanBeSetFromTheEnvironment() throws IOException {
        WeightSource src = WeightSource.builder().optCacheDir(cacheDir).optRetries(0)
                .optEnvironment(Map.of("GRAFT_DOWNLOAD_STALL_SECONDS", "1", "GRAFT_DOWNLOAD_HEADER_SECONDS", "1"))
                .build();
        assertTrue(fails(RawHttpServer.trickle(100, 2500), src, 20_000).getMessage().contains("nothing for 1 s"));
        assertTrue(fails(RawHttpServer.silent(), src, 20_000).getMessage().contains("waiting 1 s"));
    }

    /**
     * Java's HTTP client reads exactly the announced Content-Length and drops the rest, so the surplus
     * never reaches the cache. If those bytes are not the file, a pinned sha256 refuses them and
     * nothing stays; without a pin, a file that then fails to parse is set aside to be fetched again.
     */
    @Test
    void bodyLongerThanItsContentLength() throws IOException {
        StateDict sd = new StateDict().put("w", new HostTensor(new long[] {64}, new float[64]));
        Path real = cacheDir.resolveSibling(cacheDir.getFileName() + "-src.safetensors");
        Safetensors.write(sd, real);
        byte[] body = Files.readAllBytes(real);
        try (RawHttpServer server = RawHttpServer.start(RawHttpServer.longerThanAnnounced(body, body.length - 100))) {
            String sha = Downloader.sha256(real);
            DownloadException e = assertThrows(DownloadException.class,
                    () -> source().build().resolve(server.url("/m.safetensors#sha256=" + sha)));
            assertTrue(e.getMessage().contains("sha256 mismatch"), e.getMessage());
            assertEquals(List.of(), cached(), "nothing half-written stays: " + cached());

            WeightSource src = source().build();
            WeightsException unpinned = assertThrows(WeightsException.class,
                    () -> Pretrained.resolve(server.url("/m.safetensors"), src));
            assertTrue(unpinned.getMessage().contains("truncated") && unpinned.getMessage().contains(".unreadable"),
                    unpinned.getMessage());
            assertFalse(cached().contains("m.safetensors"), "set aside, not served again: " + cached());
            int before = server.requests();
            assertThrows(WeightsException.class, () -> Pretrained.resolve(server.url("/m.safetensors"), src));
            assertEquals(before + 1, server.requests(), "the next run downloads it again");
        }
    }

    @Test
    void shardsOnOtherHostsNeedTheAllowList() throws IOException {
        StateDict shard = new StateDict().put("t0", new HostTensor(new long[] {1}, new float[] {7}));
        Path tmp = cacheDir.resolveSibling(cacheDir.getFileName() + "-shard.safetensors");
        Safetensors.write(shard, tmp);
        byte[] shardBytes = Files.readAllBytes(tmp);
        try (LoopbackServer index = LoopbackServer.start(); LoopbackServer other = LoopbackServer.start()) {
            other.files.put("/x/model-1.safetensors", shardBytes);
            String elsewhere = "http://localhost:" + URI.create(other.base()).getPort() + "/x/model-1.safetensors";
            index.files.put("/m/model.safetensors.index.json",
                    ("{\"weight_map\":{\"t0\":\"" + elsewhere + "\"}}").getBytes());
            DownloadException e = assertThrows(DownloadException.class,
                    () -> source().build().resolve(index.base() + "/m/model.safetensors.index.json"));
            assertTrue(e.getMessage().contains("refused to download " + elsewhere) && e.getMessage()
                    .contains("GRAFT_ALLOWED_HOSTS"), e.getMessage());
            assertEquals(0, other.seen.size(), "no request to a host the user did not name");

            Path fetched = source().optAllowedHosts(List.of("localhost")).build()
                    .resolve(index.base() + "/m/model.safetensors.index.json");
            assertArrayEquals(new float[] {7}, dev.graft.weights.Weights.load(fetched).get("t0").data());
            assertEquals(1, other.seen.size());
        }
    }

    @Test
    void indexesThatNameThemselvesOrClimbOutAreRefusedBeforeAnyShardRequest() throws IOException {
        try (LoopbackServer server = LoopbackServer.start()) {
            for (String entry : new String[] {"model.safetensors.index.json", "other.index.json",
                "../../secret.safetensors", "/etc/passwd"}) {
                server.files.put("/m/model.safetensors.index.json",
                        ("{\"weight_map\":{\"t0\":\"" + entry + "\"}}").getBytes());
                server.seen.clear();
                WeightsException e = assertThrows(WeightsException.class, () -> WeightSource.builder()
                        .optEnvironment(Map.of()).optCacheDir(cacheDir.resolve(Integer.toString(entry.hashCode())))
                        .build().resolve(server.base() + "/m/model.safetensors.index.json"));
                assertTrue(e.getMessage().contains("refused shard '" + entry + "'"), e.getMessage());
                assertEquals(1, server.seen.size(), "only the index was requested for " + entry);
            }
        }
    }
}
