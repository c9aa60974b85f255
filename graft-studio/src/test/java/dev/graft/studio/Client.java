package dev.graft.studio;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * HTTP against a running Studio, the way its page talks to it: the token in the header (or not,
 * to test refusals), and the Origin of the page on changes.
 */
final class Client {
    static final Gson GSON = new Gson();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    final Studio studio;
    final String base;

    Client(Studio studio) {
        this.studio = studio;
        this.base = "http://127.0.0.1:" + studio.port();
    }

    /** A response: status, body, headers. */
    record Res(int status, byte[] bytes, Map<String, List<String>> headers) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        JsonElement json() {
            return GSON.fromJson(text(), JsonElement.class);
        }

        String error() {
            return json().getAsJsonObject().get("error").getAsString();
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    HttpRequest.Builder req(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("X-Graft-Token", studio.token())
                .header("Origin", base);
    }

    Res send(HttpRequest r) {
        try {
            HttpResponse<byte[]> res;
            try {
                res = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                // Jetty closes the connection after refusing a malformed URI; a pooled connection then
                // fails the next request before it is sent, so that request is sent once more
                res = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
            }
            return new Res(res.statusCode(), res.body(), res.headers().map());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Res get(String path) {
        return send(req(path).GET().build());
    }

    Res post(String path, Object body) {
        return send(req(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(GSON.toJson(body))).build());
    }

    Res patch(String path, Object body) {
        return send(req(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(GSON.toJson(body))).build());
    }

    Res delete(String path) {
        return send(req(path).DELETE().build());
    }

    /** A file in a multipart upload. */
    record Part(String field, String filename, byte[] bytes) {}

    Res upload(String path, List<Part> parts) {
        String boundary = "----graft" + UUID.randomUUID();
        return send(req(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, parts))).build());
    }

    static byte[] multipart(String boundary, List<Part> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (Part p : parts) {
                out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.field()
                        + "\"; filename=\"" + p.filename() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.write(p.bytes());
                out.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A raw HTTP/1.1 request, for headers java.net.http will not send (a forged Host).
     *
     * @return the status line and headers and body as text
     */
    String raw(String request) throws IOException {
        return raw(request, 0);
    }

    /**
     * A raw HTTP/1.1 request whose answer is read for at most {@code timeoutMillis} (0: until the
     * server closes), for a request that promises a body it never sends.
     *
     * @return what the server sent in that time
     */
    String raw(String request, int timeoutMillis) throws IOException {
        try (Socket s = new Socket("127.0.0.1", studio.port())) {
            s.setSoTimeout(timeoutMillis);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    got.write(buf, 0, n);
                }
            } catch (java.net.SocketTimeoutException e) {
                // the server kept the connection open: what it sent so far is its answer
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
