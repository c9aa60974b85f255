package dev.graft.job;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
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

    static void write(TrainRequest r, Path file) {
        DataConfig d = r.data();
        DataConfig data = new DataConfig(absoluteIfLocal(d.data()), d.classes(), d.perClass(), d.valPerClass(),
                d.valFraction(), d.seed(), d.threads());
        TrainRequest abs = new TrainRequest(data, r.arch(), r.weights() == null ? null : absoluteIfLocal(r.weights()),
                r.strategy(), r.train(), r.head(), r.augment(), r.headEpochs(), r.lrMult(),
                r.out().toAbsolutePath(), false, r.strict(), r.threads(), r.preprocess(), r.tuning(), r.tta(),
                r.trainableReport(), r.peft(), r.checkpointEvery());
        AtomicFiles.writeString(file, GSON.toJson(abs));
    }

    static TrainRequest read(Path file) {
        try {
            TrainRequest r = GSON.fromJson(Files.readString(file), TrainRequest.class);
            if (r == null || r.data() == null || r.strategy() == null || r.train() == null) {
                throw new RunException(file + ": incomplete training request; the run folder is damaged");
            }
            return r;
        } catch (IOException | JsonParseException e) {
            throw new RunException(file + ": unreadable (" + e.getMessage() + "); the run folder is damaged");
        }
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
