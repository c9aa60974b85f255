package dev.graft.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HubPiecesTest {
    private final CacheLayout cache = new CacheLayout(Path.of("/cache"));

    @Test
    void cachePathsAreReadableAndDistinct() {
        assertEquals(Path.of("/cache/huggingface.co/o/r/resolve/main/model.safetensors"),
                cache.pathFor(URI.create("https://huggingface.co/o/r/resolve/main/model.safetensors")));
        assertEquals(Path.of("/cache/example.com_8080/a%3Ab/w.bin"), cache.pathFor(URI.create("http://example.com:8080/a:b/w.bin")));
        Path q1 = cache.pathFor(URI.create("https://h/w.bin?v=1"));
        Path q2 = cache.pathFor(URI.create("https://h/w.bin?v=2"));
        assertNotEquals(q1, q2);
        assertEquals("w.bin", q1.getFileName().toString());
        assertNotEquals(cache.pathFor(URI.create("https://h/a/w.bin")), cache.pathFor(URI.create("https://h/b/w.bin")));
    }

    @Test
    void cachePathsNeverClimbOut() {
        assertThrows(IllegalArgumentException.class, () -> cache.pathFor(URI.create("https://h/../../etc/passwd")));
    }

    @Test
    void proxiesFollowCurlsVariables() {
        EnvProxySelector sel = new EnvProxySelector(Map.of("HTTPS_PROXY", "http://127.0.0.1:3128",
                "http_proxy", "127.0.0.1:8080", "NO_PROXY", "internal.corp,.lan"));
        assertEquals("127.0.0.1:3128", port(sel.select(URI.create("https://huggingface.co/x")).get(0)));
        assertEquals("127.0.0.1:8080", port(sel.select(URI.create("http://huggingface.co/x")).get(0)));
        assertEquals(Proxy.NO_PROXY, sel.select(URI.create("https://a.internal.corp/x")).get(0));
        assertEquals(Proxy.NO_PROXY, sel.select(URI.create("https://box.lan/x")).get(0));
        EnvProxySelector plain = new EnvProxySelector(Map.of("ALL_PROXY", "http://127.0.0.1:1"));
        assertEquals(Proxy.NO_PROXY, plain.select(URI.create("http://127.0.0.1:9/x")).get(0), "loopback is direct");
        assertEquals("127.0.0.1:1", port(plain.select(URI.create("https://huggingface.co/x")).get(0)));
        assertEquals(Proxy.NO_PROXY, new EnvProxySelector(Map.of()).select(URI.create("https://h/x")).get(0));
    }

    private static String port(Proxy p) {
        var a = (java.net.InetSocketAddress) p.address();
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    @Test
    void consoleBarDrawsAndEndsTheLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgressBar bar = new ConsoleProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        bar.started("model.bin", 0, 2_000_000);
        bar.progress("model.bin", 1_000_000, 2_000_000);
        bar.finished("model.bin", 2_000_000);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("model.bin [" + ".".repeat(30) + "]   0%"), out);
        assertTrue(out.contains("[" + "#".repeat(30) + "] 100%  2.0/2.0 MB"), out);
        assertTrue(out.endsWith(System.lineSeparator()), "ends the line");
    }

    @Test
    void aFailedDownloadEndsTheLineWithoutReachingOneHundredPercent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgressBar bar = new ConsoleProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        bar.started("model.bin", 0, 2_000_000);
        bar.progress("model.bin", 1_000_000, 2_000_000);
        bar.failed("model.bin");
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.endsWith(System.lineSeparator()), "the error that follows starts its own line: " + out);
        assertFalse(out.contains("100%"), out);
        bar.failed("model.bin");
        assertEquals(out, bytes.toString(StandardCharsets.UTF_8), "no second, empty line");
    }

    @Test
    void remoteFilesCheckTheirChecksumShape() {
        assertThrows(IllegalArgumentException.class, () -> new RemoteFile(URI.create("https://h/x"), "abc"));
        assertThrows(IllegalArgumentException.class, () -> RemoteFile.of(URI.create("ftp://h/x")));
        assertEquals("a".repeat(64), new RemoteFile(URI.create("https://h/x"), "A".repeat(64)).sha256());
    }
}
