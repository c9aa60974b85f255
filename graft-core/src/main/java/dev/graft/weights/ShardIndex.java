package dev.graft.weights;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
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
 */
public final class ShardIndex {
    private ShardIndex() {}

    /** Reads every shard the index names into one state dict, shard after shard. */
    public static StateDict read(Path index) {
        JsonObject root = parse(index);
        Map<String, String> weightMap = weightMap(root, index);
        List<String> shards = new ArrayList<>(new LinkedHashSet<>(weightMap.values()));
        Path dir = index.toAbsolutePath().getParent();
        StateDict out = new StateDict();
        for (String shardName : shards) {
            Path shard = dir.resolve(shardName).normalize();
            if (!shard.startsWith(dir) || shardName.endsWith(".json")) {
                throw new WeightsException(index + ": shard '" + shardName
                        + "' is not a weights file beside the index; the index is corrupt");
            }
            if (!Files.isRegularFile(shard)) {
                throw new WeightsException(index + ": shard " + shardName + " is missing (looked for "
                        + shard + "); download every file the index lists into one folder");
            }
            StateDict part = Weights.load(shard);
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

    /** The shard files an index names, in order of first mention; the hub client fetches these. */
    public static List<String> shardNames(Path index) {
        return new ArrayList<>(new LinkedHashSet<>(weightMap(parse(index), index).values()));
    }

    private static Map<String, String> weightMap(JsonObject root, Path index) {
        JsonElement map = root.get("weight_map");
        if (map == null || !map.isJsonObject()) {
            throw new WeightsException(index + ": not a shard index (no \"weight_map\" object); a sharded "
                    + "checkpoint's index maps each tensor name to its shard file");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : map.getAsJsonObject().entrySet()) {
            out.put(e.getKey(), e.getValue().getAsString());
        }
        return out;
    }

    private static JsonObject parse(Path index) {
        try {
            JsonElement e = JsonParser.parseString(Files.readString(index, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new WeightsException(index + ": not a shard index (JSON but not an object)");
            }
            return e.getAsJsonObject();
        } catch (IOException e) {
            throw new WeightsException(index + ": cannot read (" + e.getMessage() + ")", e);
        } catch (com.google.gson.JsonParseException e) {
            throw new WeightsException(index + ": corrupt shard index (not valid JSON: " + e.getMessage() + ")", e);
        }
    }
}
