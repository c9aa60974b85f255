package dev.graft.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving HTTP server on 127.0.0.1 that writes raw bytes, as no well-behaved server library
 * would: bodies that never end, a byte every few seconds, no headers at all, more bytes than the
 * Content-Length it announced. Each connection runs {@link Behaviour} on its own daemon thread.
 */
public final class RawHttpServer implements AutoCloseable {
    /** What the server does with one connection, after the request headers have been read. */
    public interface Behaviour {
        void respond(OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket socket;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean closed;

    private RawHttpServer(Behaviour behaviour) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!closed) {
                try {
                    Socket s = socket.accept();
                    requests.incrementAndGet();
                    Thread h = new Thread(() -> serve(s, behaviour), "raw-http-conn");
                    h.setDaemon(true);
                    h.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "raw-http-accept");
        t.setDaemon(true);
        t.start();
    }

    public static RawHttpServer start(Behaviour behaviour) throws IOException {
        return new RawHttpServer(behaviour);
    }

    private static void serve(Socket s, Behaviour behaviour) {
        try (s) {
            InputStream in = s.getInputStream();
            int matched = 0;
            while (matched < 4) { // up to the blank line that ends the request headers
                int c = in.read();
                if (c < 0) {
                    return;
                }
                matched = (c == '\r' && matched % 2 == 0) || (c == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            }
            behaviour.respond(s.getOutputStream());
        } catch (IOException | InterruptedException e) {
            // the client hung up, which is what the tests make it do
        }
    }

    /** {@code http://127.0.0.1:port} followed by {@code path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    /** Connections accepted so far. */
    public int requests() {
        return requests.get();
    }

    /** Writes an ASCII status line and headers (each ending in CRLF, then the blank line). */
    public static void head(OutputStream out, String... lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append("\r\n");
        }
        out.write(sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** A body that never ends: a megabyte at a time until the client hangs up. */
    public static Behaviour endless() {
        return out -> {
            head(out, "HTTP/1.1 200 OK", "Connection: close");
            byte[] mb = new byte[1 << 20];
            while (true) {
                out.write(mb);
            }
        };
    }

    /** Announces {@code length} bytes, then sends one byte every {@code millis} ms. */
    public static Behaviour trickle(int length, long millis) {
        return out -> {
            head(out, "HTTP/1.1 200 OK", "Content-Length: " + length);
            for (int i = 0; i < length; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(millis);
            }
        };
    }

    /** Reads the request and never answers. */
    public static Behaviour silent() {
        return out -> Thread.sleep(Long.MAX_VALUE);
    }

    /** Announces {@code announced} bytes of {@code body} and sends all of it. */
    public static Behaviour longerThanAnnounced(byte[] body, int announced) {
        return out -> {
            head(out, "HTTP/1.1 200 OK", "Content-Length: " + announced, "Connection: close");
            out.write(body);
            out.flush();
        };
    }

    /** A well-behaved answer: {@code body} with its exact Content-Length, whatever was asked. */
    public static Behaviour fixed(byte[] body) {
        return out -> {
            head(out, "HTTP/1.1 200 OK", "Content-Length: " + body.length, "Connection: close");
            out.write(body);
            out.flush();
        };
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
    }
}
