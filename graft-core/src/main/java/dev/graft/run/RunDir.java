package dev.graft.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.graft.Graft;
import dev.graft.weights.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A self-contained run folder: {@code model.safetensors} (the best weights, PyTorch names),
 * {@code graft.json} (provenance) and {@code metrics.jsonl} (one line per epoch). Prediction,
 * evaluation and merging need nothing else. A parameter-efficient run (LoRA, BitFit, adapters)
 * holds {@code adapters.safetensors} instead: only the trained tensors and the head, a fraction of
 * the base's size; it references the base weights by source and sha256 and needs them too.
 *
 * <p>While training, the folder also holds {@code request.json} (the configuration, for
 * {@code graft train --resume}) and {@code checkpoint.safetensors}; the checkpoint is deleted
 * when a run finishes, and kept when it was stopped or failed, so it can be resumed.
 */
public final class RunDir {
    public static final String MODEL = "model.safetensors";
    public static final String INFO = "graft.json";
    public static final String METRICS = "metrics.jsonl";
    public static final String ADAPTERS = "adapters.safetensors";
    public static final String CHECKPOINT = "checkpoint.safetensors";
    public static final String REQUEST = "request.json";
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    private final Path dir;

    public RunDir(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path model() {
        return dir.resolve(MODEL);
    }

    public Path info() {
        return dir.resolve(INFO);
    }

    public Path metrics() {
        return dir.resolve(METRICS);
    }

    public Path adapters() {
        return dir.resolve(ADAPTERS);
    }

    public Path checkpoint() {
        return dir.resolve(CHECKPOINT);
    }

    public Path request() {
        return dir.resolve(REQUEST);
    }

    /** Opens an interrupted run to continue it: it needs its saved request and a checkpoint. */
    public static RunDir openForResume(Path dir) {
        RunDir r = new RunDir(dir);
        if (!Files.isDirectory(dir)) {
            throw new RunException(dir + ": no such run folder; give the `out` folder of an interrupted training run");
        }
        if (!Files.isRegularFile(r.request())) {
            throw new RunException(dir + ": no " + REQUEST + "; this folder was not written by graft train, "
                    + "or by a version without resume");
        }
        if (!Files.isRegularFile(r.checkpoint())) {
            throw new RunException(dir + ": no " + CHECKPOINT + " to resume from; the run "
                    + (Files.isRegularFile(r.info()) ? "finished" : "stopped before its first checkpoint")
                    + "; start it again with `force`");
        }
        return r;
    }

    /**
     * Prepares the folder for a new run. An existing non-empty folder is refused unless
     * {@code force}, so a finished run is never overwritten by accident.
     */
    public static RunDir create(Path dir, boolean force) {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new RunException(dir + ": exists and is not a folder; choose another `out`");
            }
            if (Files.isDirectory(dir) && !isEmpty(dir) && !force) {
                throw new RunException(dir + ": already holds a run; choose another `out`, or add `force` to replace it"
                        + (Files.isRegularFile(dir.resolve(CHECKPOINT)) ? ", or continue it with `resume` " + dir : ""));
            }
            Files.createDirectories(dir);
            for (String f : new String[] {METRICS, CHECKPOINT, ADAPTERS, MODEL, INFO}) {
                Files.deleteIfExists(dir.resolve(f));
            }
            return new RunDir(dir);
        } catch (IOException e) {
            throw new RunException(dir + ": cannot create (" + e.getMessage() + ")");
        }
    }

    /** Opens an existing run, checking that it has a model and a readable graft.json. */
    public static RunDir open(Path dir) {
        RunDir r = new RunDir(dir);
        if (!Files.isDirectory(dir)) {
            throw new RunException(dir + ": no such run folder; give the `out` folder of a training run");
        }
        if (!Files.isRegularFile(r.info())) {
            throw new RunException(dir + ": no graft.json; this is not a Graft run folder (or the run did not finish)");
        }
        if (!Files.isRegularFile(r.model()) && !Files.isRegularFile(r.adapters())) {
            throw new RunException(dir + ": no " + MODEL + " or " + ADAPTERS + "; the run did not save a model");
        }
        return r;
    }

    public void writeInfo(RunInfo info) {
        AtomicFiles.writeString(info(), GSON.toJson(info));
    }

    public RunInfo readInfo() {
        try {
            String text = Files.readString(info());
            JsonObject raw = GSON.fromJson(text, JsonObject.class);
            int format = raw.has("format") ? raw.get("format").getAsInt() : 0;
            if (format > Graft.RUN_FORMAT) {
                throw new RunException(info() + ": written by a newer Graft (run format " + format
                        + "); upgrade Graft to read it");
            }
            return GSON.fromJson(raw, RunInfo.class);
        } catch (IOException | JsonParseException e) {
            throw new RunException(info() + ": unreadable (" + e.getMessage() + "); the run folder is damaged");
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
