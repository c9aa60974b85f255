package dev.graft.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.graft.io.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What Graft writes into one kind of output folder, so it can tell a folder of its own from any
 * other and never delete a file it did not write. A folder is recognised by a marker: a JSON file
 * among {@link #markers} whose top-level object has an integer {@code format} field. Inside a
 * recognised folder, a file is Graft's when its name is one of {@link #files} (or a stray
 * temporary file of one of them), when it is one of {@link #weights} and its sha256 equals the one
 * a marker records for it, or when it sits in one of {@link #folders} under one of that folder's names.
 *
 * @param what the folder's name in messages, such as {@code run} or {@code study}
 * @param markers the JSON files that mark the folder as Graft's, any one of which suffices
 * @param files names Graft writes and never checksums (metadata, metrics, plots, checkpoints)
 * @param weights names of weights files, which count as Graft's only when a marker records their
 *     sha256 ({@code graft.json}'s {@code model} or {@code files}) and the file still has it: a
 *     downloaded {@code model.safetensors} a user put there is not Graft's
 * @param folders sub-folders Graft writes, each with the names allowed in it
 */
public record FolderKind(String what, List<String> markers, Set<String> files, Set<String> weights,
        Map<String, Set<String>> folders) {

    /**
     * The marker of a staging folder ({@link OutputFolder}): Graft creates the folder, so it is
     * Graft's even before any other marker is written into it.
     */
    static final String STAGING_MARKER = ".graft-staging";

    public FolderKind {
        markers = List.copyOf(markers);
        files = Set.copyOf(files);
        weights = Set.copyOf(weights);
        folders = Map.copyOf(folders);
    }

    /** Whether {@code dir} holds a marker with a {@code format} field. */
    public boolean recognises(Path dir) {
        return markers.stream().anyMatch(m -> marker(dir.resolve(m)).isPresent())
                || marker(dir.resolve(STAGING_MARKER)).isPresent();
    }

    /**
     * The first entry of {@code dir} that is not provably Graft's, with the reason, or empty when
     * every entry is (an empty folder included). A folder that is not recognised at all is
     * reported as such.
     */
    public Optional<String> foreignEntry(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(dir + " is not a folder");
        }
        if (isEmpty(dir)) {
            return Optional.empty();
        }
        if (!recognises(dir)) {
            return Optional.of(dir + " is not a Graft " + what + " folder (none of " + markers
                    + " with a format field is in it)");
        }
        Map<String, String> vouched = vouchedWeights(dir);
        // a staging folder is Graft's own from its creation: its weights need no record yet
        boolean staging = marker(dir.resolve(STAGING_MARKER)).isPresent();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                String name = p.getFileName().toString();
                Optional<String> why = staging && weights.contains(name)
                        && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Optional.empty() : check(p, name, vouched);
                if (why.isPresent()) {
                    return why;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<String> check(Path p, String name, Map<String, String> vouched) throws IOException {
        if (folders.containsKey(name)) {
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(p + " is not the folder Graft writes there");
            }
            Set<String> allowed = folders.get(name);
            try (Stream<Path> s = Files.list(p)) {
                for (Path q : (Iterable<Path>) s.sorted()::iterator) {
                    String n = q.getFileName().toString();
                    if (!Files.isRegularFile(q, LinkOption.NOFOLLOW_LINKS)
                            || !(allowed.contains(n) || isTemp(n, allowed))) {
                        return Optional.of(q + " was not written by Graft");
                    }
                }
            }
            return Optional.empty();
        }
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(p + " was not written by Graft (it is a folder or a link)");
        }
        if (files.contains(name) || name.equals(STAGING_MARKER) || isTemp(name, files) || isTemp(name, weights)) {
            return Optional.empty();
        }
        if (weights.contains(name)) {
            String sha = vouched.get(name);
            if (sha == null) {
                return Optional.of(p + " is not recorded in " + markers.get(0) + ", so Graft cannot tell it wrote it");
            }
            if (!sha.equalsIgnoreCase(Hashing.sha256(p))) {
                return Optional.of(p + " differs from the file " + markers.get(0) + " records (sha256 " + sha
                        + "), so Graft did not write it as it is");
            }
            return Optional.empty();
        }
        return Optional.of(p + " was not written by Graft");
    }

    /** A stray temporary file of {@code AtomicFiles}: {@code .<name><digits>.tmp}. */
    private static boolean isTemp(String name, Set<String> owned) {
        return name.startsWith(".") && name.endsWith(".tmp")
                && owned.stream().anyMatch(o -> name.startsWith("." + o) && name.length() >= o.length() + 5
                        && name.substring(o.length() + 1,
                        name.length() - 4).matches("[0-9]*"));
    }

    /** Weights file names and the sha256 the markers record for them. */
    private Map<String, String> vouchedWeights(Path dir) {
        Map<String, String> out = new HashMap<>();
        for (String m : markers) {
            marker(dir.resolve(m)).ifPresent(o -> {
                if (o.has("model") && o.get("model").isJsonObject()) {
                    JsonObject ref = o.getAsJsonObject("model");
                    if (string(ref, "file") != null && string(ref, "sha256") != null) {
                        out.put(string(ref, "file"), string(ref, "sha256"));
                    }
                }
                if (o.has("files") && o.get("files").isJsonObject()) {
                    for (var e : o.getAsJsonObject("files").entrySet()) {
                        if (e.getValue().isJsonPrimitive()) {
                            out.put(e.getKey(), e.getValue().getAsString());
                        }
                    }
                }
            });
        }
        return out;
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    /** The marker's JSON object when it is a regular file with an integer {@code format} field. */
    static Optional<JsonObject> marker(Path file) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_MARKER_BYTES) {
                return Optional.empty();
            }
            JsonElement e = JsonParser.parseString(Files.readString(file));
            if (!e.isJsonObject()) {
                return Optional.empty();
            }
            JsonElement f = e.getAsJsonObject().get("format");
            boolean ok = f != null && f.isJsonPrimitive() && f.getAsJsonPrimitive().isNumber()
                    && f.getAsDouble() == Math.rint(f.getAsDouble());
            return ok ? Optional.of(e.getAsJsonObject()) : Optional.empty();
        } catch (IOException | JsonParseException | IllegalStateException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Metadata files are small; a marker bigger than this is not read at all. */
    static final long MAX_MARKER_BYTES = 64L << 20;

    static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
