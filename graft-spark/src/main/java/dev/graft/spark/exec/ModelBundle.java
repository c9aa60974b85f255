package dev.graft.spark.exec;

import dev.graft.io.Hashing;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A model's files as bytes, so the driver can broadcast them and executors need no shared file
 * system. Graft's loaders read files, so each JVM writes the bytes once to a private temporary
 * folder ({@link #localDir}) and every task in that JVM reads from there.
 */
public final class ModelBundle implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Path> SPILLED = new ConcurrentHashMap<>();

    private final String key;
    private final LinkedHashMap<String, byte[]> files;

    private ModelBundle(String key, LinkedHashMap<String, byte[]> files) {
        this.key = key;
        this.files = files;
    }

    /** A bundle of the given files, by file name; the key is a checksum over names and contents. */
    public static ModelBundle of(Map<String, byte[]> files) {
        StringBuilder sums = new StringBuilder();
        try {
            for (var e : files.entrySet()) {
                sums.append(e.getKey()).append('=').append(Hashing.sha256(new ByteArrayInputStream(e.getValue())))
                        .append(';');
            }
            String key = Hashing.sha256(new ByteArrayInputStream(sums.toString().getBytes()));
            return new ModelBundle(key, new LinkedHashMap<>(files));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checksum over the file names and contents. */
    public String key() {
        return key;
    }

    public Map<String, byte[]> files() {
        return Collections.unmodifiableMap(files);
    }

    /** Total size of the files, in bytes. */
    public long size() {
        return files.values().stream().mapToLong(b -> b.length).sum();
    }

    /** The folder holding the files on this machine, written on first use in this JVM. */
    public Path localDir() {
        return SPILLED.computeIfAbsent(key, k -> spill());
    }

    private Path spill() {
        try {
            Path dir = Files.createTempDirectory("graft-spark-" + key.substring(0, 12) + "-");
            dir.toFile().deleteOnExit();
            for (var e : files.entrySet()) {
                Path f = dir.resolve(e.getKey());
                Files.write(f, e.getValue());
                f.toFile().deleteOnExit();
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model's files to the local temporary folder ("
                    + e.getMessage() + "); set java.io.tmpdir to a writable disk with room for "
                    + size() / (1 << 20) + " MB", e);
        }
    }
}
