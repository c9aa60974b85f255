package dev.graft.hub;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A file to download: where it lives and, when known, the sha256 its bytes must have.
 *
 * @param uri an {@code http} or {@code https} address
 * @param sha256 64 lower-case hex digits, or {@code null} when the checksum is unknown (then the
 *     download is kept as it arrived)
 */
public record RemoteFile(URI uri, String sha256) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public RemoteFile {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) address: " + uri);
        }
        if (sha256 != null) {
            sha256 = sha256.toLowerCase(Locale.ROOT);
            if (!HEX64.matcher(sha256).matches()) {
                throw new IllegalArgumentException("sha256 must be 64 hex digits, got '" + sha256 + "'");
            }
        }
    }

    /** A file whose checksum is unknown. */
    public static RemoteFile of(URI uri) {
        return new RemoteFile(uri, null);
    }

    /** The last path segment, which names the file in the cache. */
    public String fileName() {
        String path = uri.getPath();
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() ? "download" : name;
    }
}
