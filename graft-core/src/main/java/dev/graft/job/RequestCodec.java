package dev.graft.job;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import dev.graft.data.DataConfig;
import dev.graft.run.RunException;
import dev.graft.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link TrainRequest} as JSON, so {@code graft train --resume} continues with exactly the
 * configuration the run started with. Local data and weights paths are stored absolute, so the
 * run resumes from any working directory.
 */
final class RequestCodec {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .registerTypeHierarchyAdapter(Path.class, new PathAdapter()).create();

    private RequestCodec() {}

    /** What {@code request.json} holds besides the request: the checksums of what it names outside the run. */
    record Stored(TrainRequest request, int threads, String weightsSha, String scriptSha) {}

    /**
     * Writes the request, with a {@code format} field (which marks the folder as Graft's, see
     * {@link dev.graft.run.FolderKind}) and the sha256 of the weights and of a TorchScript
     * program, so a resumed run can check what it reads again.
     *
     * @param weightsSha the sha256 of the weights the run starts from, or null
     */
    static void write(TrainRequest r, String weightsSha, Path file) {
        DataConfig d = r.data();
        DataConfig data = new DataConfig(absoluteIfLocal(d.data()), d.classes(), d.perClass(), d.valPerClass(),
                d.valFraction(), d.seed(), d.threads());
        TrainRequest abs = new TrainRequest(data, r.arch(), r.weights() == null ? null : absoluteIfLocal(r.weights()),
                r.strategy(), r.train(), r.head(), r.augment(), r.headEpochs(), r.lrMult(),
                r.out().toAbsolutePath(), false, r.strict(), r.threads(), r.preprocess(), r.tuning(), r.tta(),
                r.trainableReport(), r.peft(), r.checkpointEvery());
        JsonObject json = GSON.toJsonTree(abs).getAsJsonObject();
        json.addProperty("format", dev.graft.Graft.RUN_FORMAT);
        json.addProperty("weightsSha256", weightsSha);
        json.addProperty("torchscriptSha256", RunInputs.scriptSha(r.arch()));
        AtomicFiles.writeString(file, GSON.toJson(json));
    }

    /**
     * Reads a request; its values pass the same checks as a request built in code, and a failure
     * names the file.
     *
     * @param threads a thread count to resume with instead of the stored one (0 = the stored one),
     *     set before the checks so a run made on a bigger machine resumes on a smaller one
     */
    static Stored read(Path file, int threads) {
        try {
            if (Files.size(file) > (64L << 20)) {
                throw new RunException(file + ": far too large for a training request; the run folder is damaged");
            }
            JsonObject json = GSON.fromJson(Files.readString(file), JsonObject.class);
            if (json == null || !json.has("data") || !json.has("strategy") || !json.has("train")) {
                throw new RunException(file + ": incomplete training request; the run folder is damaged");
            }
            int stored = json.has("threads") ? json.get("threads").getAsInt() : 0;
            if (threads > 0) {
                json.addProperty("threads", threads);
                if (json.get("data").isJsonObject()) {
                    json.getAsJsonObject("data").addProperty("threads", threads);
                }
            }
            TrainRequest r = dev.graft.run.RunDir.fromJson(GSON, json, TrainRequest.class, file);
            if (r == null || r.data() == null || r.strategy() == null || r.train() == null) {
                throw new RunException(file + ": incomplete training request; the run folder is damaged");
            }
            return new Stored(r, stored, string(json, "weightsSha256"), string(json, "torchscriptSha256"));
        } catch (IOException | JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new RunException(file + ": unreadable (" + e.getMessage() + "); the run folder is damaged");
        }
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        String v = e != null && e.isJsonPrimitive() ? e.getAsString() : null;
        return v != null && v.matches("[0-9a-f]{64}") ? v : null;
    }

    /** A path that exists here, made absolute; anything else (tags, URLs, fashion-mnist) as given. */
    static String absoluteIfLocal(String s) {
        try {
            Path p = Path.of(s);
            return Files.exists(p) ? p.toAbsolutePath().normalize().toString() : s;
        } catch (java.nio.file.InvalidPathException e) {
            return s;
        }
    }

    /** Paths as strings. */
    private static final class PathAdapter extends TypeAdapter<Path> {
        @Override
        public void write(JsonWriter out, Path p) throws IOException {
            if (p == null) {
                out.nullValue();
            } else {
                out.value(p.toString());
            }
        }

        @Override
        public Path read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return Path.of(in.nextString());
        }
    }
}
