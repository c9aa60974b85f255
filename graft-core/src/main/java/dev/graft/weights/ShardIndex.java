package dev.graft.weights;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Reads a sharded checkpoint through its index ({@code model.safetensors.index.json} or
 * {@code pytorch_model.bin.index.json}): a JSON {@code weight_map} of tensor name to shard file,
 * resolved beside the index. The shards are read in order of first mention and joined into one
 * state dict; every tensor the map names must be in the shard it names.
 *
 * <p>A shard entry names a weights file in the index's folder (or below it). An absolute
 * {@code http(s)} URL stands for the file of its last path segment beside the index (the hub
 * client downloads it there, if its host is allowed). Absolute paths, {@code ..}, and entries
 * naming an index ({@code .json}) are refused, so an index can never name itself or another
 * index: reading one never recurses.
 */
public final class ShardIndex {
    /** Real indexes are kilobytes; this bounds what is read into memory to parse one. */
    static final long MAX_INDEX_BYTES = 64L << 20;

    private ShardIndex() {}

    /** Reads every shard the index names into one state dict, within the default limits. */
    public static StateDict read(Path index) {
        return read(index, WeightLimits.fromEnvironment());
    }

    /** Reads every shard the index names into one state dict, shard after shard, each within {@code limits}. */
    public static StateDict read(Path index, WeightLimits limits) {
        JsonObject root = parse(index);
        Map<String, String> weightMap = weightMap(root, index);
        List<String> shards = new ArrayList<>(new LinkedHashSet<>(weightMap.values()));
        Path dir = index.toAbsolutePath().getParent();
        StateDict out = new StateDict();
        for (String entry : shards) {
            String shardName = localName(index, entry);
            Path shard = dir.resolve(shardName).normalize();
            if (!shard.startsWith(dir)) {
                throw new WeightsException(index + ": shard '" + entry + "' lies outside the index's folder; "
                        + "an index names files beside it, so this one is corrupt or hostile");
            }
            if (!Files.isRegularFile(shard)) {
                throw new WeightsException(index + ": shard " + shardName + " is missing (looked for "
                        + shard + "); download every file the index lists into one folder");
            }
            // A regular file whose name does not end in .json is never read as an index: no recursion.
            StateDict part = Weights.load(shard, limits);
            for (var t : part.tensors().entrySet()) {
                if (out.contains(t.getKey())) {
                    throw new WeightsException(index + ": tensor '" + t.getKey() + "' appears in two shards; "
                            + "the checkpoint is inconsistent");
                }
                out.put(t.getKey(), t.getValue());
            }
            part.metadata().forEach(out.metadata()::putIfAbsent);
        }
        for (var e : weightMap.entrySet()) {
            if (!out.contains(e.getKey())) {
                throw new WeightsException(index + ": tensor '" + e.getKey() + "' is mapped to " + e.getValue()
                        + " but that shard does not hold it; the shards and the index do not match");
            }
        }
        JsonElement meta = root.get("metadata");
        if (meta != null && meta.isJsonObject()) {
            for (var m : meta.getAsJsonObject().entrySet()) {
                JsonElement v = m.getValue();
                out.metadata().put(m.getKey(), v.isJsonPrimitive() ? v.getAsString() : v.toString());
            }
        }
        out.metadata().put("graft.shards", Integer.toString(shards.size()));
        return out;
    }

    /**
     * The shard entries an index names, as written, in order of first mention; the hub client
     * fetches these. {@link #localName} says where each belongs.
     */
    public static List<String> shardNames(Path index) {
        return new ArrayList<>(new LinkedHashSet<>(weightMap(parse(index), index).values()));
    }

    /**
     * The file, relative to the index's folder, that a shard entry names: the entry itself for a
     * relative path, the last path segment for an {@code http(s)} URL. Refuses (naming the index and
     * the entry) absolute paths, {@code ..}, backslashes, other URL schemes, and index files.
     */
    public static String localName(Path index, String entry) {
        String name = entry;
        if (entry.contains("://") || entry.startsWith("//")) {
            URI uri;
            try {
                uri = new URI(entry.startsWith("//") ? "https:" + entry : entry);
            } catch (URISyntaxException e) {
                throw badEntry(index, entry, "a malformed URL");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getPath() == null) {
                throw badEntry(index, entry, "a URL that is not http(s)");
            }
            name = uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1);
        }
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains(":")
                || java.util.Arrays.asList(name.split("/")).stream().anyMatch(p -> p.isEmpty() || p.equals("..")
                        || p.equals("."))) {
            throw badEntry(index, entry, "a path outside the index's folder");
        }
        if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
            throw badEntry(index, entry, "another index (or this one); an index names weight files only");
        }
        return name;
    }

    private static WeightsException badEntry(Path index, String entry, String what) {
        String shown = entry.length() > 200 ? entry.substring(0, 200) + "..." : entry;
        return new WeightsException(index + ": refused shard '" + shown + "': " + what + "; a shard index names "
                + "weight files beside it, so this one is corrupt or hostile");
    }

    private static Map<String, String> weightMap(JsonObject root, Path index) {
        JsonElement map = root.get("weight_map");
        if (map == null || !map.isJsonObject()) {
            throw new WeightsException(index + ": not a shard index (no \"weight_map\" object); a sharded "
                    + "checkpoint's index maps each tensor name to its shard file");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : map.getAsJsonObject().entrySet()) {
            if (!e.getValue().isJsonPrimitive() || !e.getValue().getAsJsonPrimitive().isString()) {
                throw new WeightsException(index + ": corrupt shard index: tensor '" + e.getKey()
                        + "' maps to " + e.getValue() + " where a shard file name belongs");
            }
            out.put(e.getKey(), e.getValue().getAsString());
        }
        return out;
    }

    private static JsonObject parse(Path index) {
        try {
            if (Files.size(index) > MAX_INDEX_BYTES) {
                throw new WeightsException(index + ": " + Files.size(index) + " bytes, too large for a shard index "
                        + "(at most " + MAX_INDEX_BYTES + "); the file is not an index");
            }
            JsonElement e = JsonParser.parseString(Files.readString(index, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new WeightsException(index + ": not a shard index (JSON but not an object)");
            }
            return e.getAsJsonObject();
        } catch (IOException e) {
            throw new WeightsException(index + ": cannot read (" + e.getMessage() + ")", e);
        } catch (com.google.gson.JsonParseException e) {
            throw new WeightsException(index + ": corrupt shard index (not valid JSON: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")", e);
        }
    }
}
