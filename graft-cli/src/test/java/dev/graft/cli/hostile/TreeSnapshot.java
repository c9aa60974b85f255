package dev.graft.cli.hostile;

import dev.graft.io.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every file under a folder with its size and sha256 (symbolic links by their target, not
 * followed), so a test can show that a command changed nothing outside the places it may write.
 * Files over {@value #WHOLE_HASH_BYTES} bytes (sparse multi-gigabyte test files) are hashed by
 * their first and last mebibyte plus size and modification time, which keeps snapshots fast.
 */
public final class TreeSnapshot {
    static final long WHOLE_HASH_BYTES = 16L << 20;

    private final Path root;
    private final Map<String, String> files;

    private TreeSnapshot(Path root, Map<String, String> files) {
        this.root = root;
        this.files = files;
    }

    /** Snapshots {@code root}, leaving out the given subfolders or files (relative to it). */
    public static TreeSnapshot of(Path root, String... exclude) throws IOException {
        Set<Path> skip = new java.util.HashSet<>();
        for (String e : exclude) {
            skip.add(root.resolve(e).normalize());
        }
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.equals(root) || skip.stream().anyMatch(p::startsWith) || p.getFileName().toString()
                        .startsWith("child-")) {
                    continue;
                }
                String key = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.put(key, "link -> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(key + "/", "dir");
                } else {
                    long size = Files.size(p);
                    out.put(key, size + " " + (size <= WHOLE_HASH_BYTES ? Hashing.sha256(p)
                            : Files.getLastModifiedTime(p) + " " + ends(p, size)));
                }
            }
        }
        return new TreeSnapshot(root, out);
    }

    /** What differs between this snapshot and {@code later}: added, removed and changed paths. */
    public List<String> changes(TreeSnapshot later) {
        List<String> out = new ArrayList<>();
        for (var e : files.entrySet()) {
            String now = later.files.get(e.getKey());
            if (now == null) {
                out.add("removed " + e.getKey());
            } else if (!now.equals(e.getValue())) {
                out.add("changed " + e.getKey());
            }
        }
        for (String k : later.files.keySet()) {
            if (!files.containsKey(k)) {
                out.add("added " + k);
            }
        }
        return out;
    }

    /** Throws when anything under the root changed since this snapshot (same exclusions). */
    public void assertUnchanged(String... exclude) throws IOException {
        List<String> diff = changes(of(root, exclude));
        if (!diff.isEmpty()) {
            throw new AssertionError("files changed outside the allowed folders: " + diff);
        }
    }

    /** sha256 of the first and last MiB of a large file. */
    private static String ends(Path p, long size) throws IOException {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(p.toFile(), "r")) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            f.readFully(buf);
            md.update(buf);
            f.seek(size - buf.length);
            f.readFully(buf);
            md.update(buf);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
