package dev.graft.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on 127.0.0.1 serving bytes a test put in {@link #files}, with Range and If-Range
 * support, a request log, and a switch that cuts responses off halfway like a dropped connection.
 */
final class LoopbackServer implements AutoCloseable {
    /** One request as the server saw it: the request-target as sent, and its Range header (or null). */
    record Seen(String target, String range) {}

    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** How many of the next responses stop after half their body and drop the connection. */
    final AtomicInteger cutNext = new AtomicInteger();
    volatile String etag = "\"v1\"";
    private final HttpServer server;

    private LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static LoopbackServer start() throws IOException {
        return new LoopbackServer();
    }

    URI url(String path) {
        return URI.create(base() + path);
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        seen.add(new Seen(ex.getRequestURI().toString(), range));
        byte[] body = files.get(ex.getRequestURI().getPath());
        if (body == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        ex.getResponseHeaders().add("ETag", etag);
        String ifRange = ex.getRequestHeaders().getFirst("If-Range");
        long from = 0;
        if (range != null && range.startsWith("bytes=") && (ifRange == null || ifRange.equals(etag))) {
            from = Long.parseLong(range.substring(6, range.indexOf('-')));
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
        }
        long length = body.length - from;
        ex.sendResponseHeaders(from > 0 ? 206 : 200, length);
        OutputStream out = ex.getResponseBody();
        if (cutNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            out.write(body, (int) from, (int) (length / 2));
            out.flush();
            // Closing before Content-Length bytes are written makes the server drop the connection.
            try {
                ex.close();
            } catch (RuntimeException ignored) {
                // "insufficient bytes written": the point of the exercise
            }
            return;
        }
        out.write(body, (int) from, (int) length);
        out.close();
    }

    long requestsFor(String path) {
        return seen.stream().filter(s -> s.target().endsWith(path)).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
