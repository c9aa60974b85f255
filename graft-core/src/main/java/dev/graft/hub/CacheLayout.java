package dev.graft.hub;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a URL's file lives in the cache: {@code <root>/<host>[_<port>]/<path of the URL>}, so the
 * layout is readable, two URLs never share a file, and a sharded checkpoint's files sit beside
 * their index as the reader expects. Characters a file system may reject are percent-encoded, so
 * the mapping stays one-to-one.
 */
final class CacheLayout {
    private final Path root;

    CacheLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    Path pathFor(URI uri) {
        URI u = uri.normalize();
        String host = u.getHost().toLowerCase(java.util.Locale.ROOT) + (u.getPort() >= 0 ? "_" + u.getPort() : "");
        Path p = root.resolve(safe(host));
        String raw = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/download" : u.getRawPath();
        for (String segment : raw.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.equals("..") || segment.equals(".")) {
                throw new IllegalArgumentException("URL path climbs out of its host: " + uri);
            }
            p = p.resolve(safe(segment));
        }
        if (raw.endsWith("/")) {
            p = p.resolve("download");
        }
        if (u.getRawQuery() != null) {
            // Same path, other query, other file: keep them apart with a short hash of the query.
            p = p.resolveSibling("q-" + sha256(u.getRawQuery()).substring(0, 16)).resolve(p.getFileName());
        }
        return p;
    }

    /** Leaves letters, digits and {@code . _ - %} (URLs are already percent-encoded); encodes the rest. */
    private static String safe(String segment) {
        StringBuilder sb = new StringBuilder();
        for (char c : segment.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_' || c == '-' || c == '%') {
                sb.append(c);
            } else {
                sb.append(String.format("%%%02X", (int) c & 0xff));
            }
        }
        return sb.toString();
    }

    static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
