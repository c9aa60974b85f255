package dev.graft.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.graft.Graft;
import dev.graft.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

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

    /**
     * What Graft writes into a run folder, classifier or generator ({@code dev.graft.gen.GenRun}
     * adds {@code discriminator.safetensors}, the samples and scores; {@code graft evaluate} adds
     * {@code confusion.png}, {@code reliability.png} and Grad-CAM overlays in {@code gradcam/}):
     * what {@code --force} may replace.
     */
    /** The request of a self-supervised pretraining run ({@code graft pretrain --ssl}). */
    public static final String SSL_REQUEST = "ssl-request.json";

    public static final FolderKind KIND = new FolderKind("run", List.of(INFO, REQUEST, SSL_REQUEST),
            Set.of(INFO, REQUEST, SSL_REQUEST, METRICS, CHECKPOINT, "confusion.png", "reliability.png", "samples.png",
                    "score_curve.png", "score.json", "grid.png"),
            Set.of(MODEL, ADAPTERS, "discriminator.safetensors"), Map.of("gradcam", evaluateOverlays()));

    /** The overlays {@code graft evaluate} may draw: {@code hit-N.png} and {@code miss-N.png}, N up to 64. */
    private static Set<String> evaluateOverlays() {
        Set<String> names = new java.util.HashSet<>();
        for (int i = 1; i <= 64; i++) {
            names.add("hit-" + i + ".png");
            names.add("miss-" + i + ".png");
        }
        return names;
    }

    /**
     * Opens an interrupted run to continue it: it needs its saved request and a checkpoint. When a
     * {@code --force} replacement of {@code dir} was interrupted, that is the run continued (in
     * the staging sibling, see {@link OutputFolder}), and it replaces {@code dir} when it finishes.
     */
    public static OutputFolder openForResume(Path dir) {
        OutputFolder folder = OutputFolder.resume(dir, KIND, RunDir::resumable);
        RunDir r = new RunDir(folder.dir());
        if (!Files.isDirectory(folder.dir())) {
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
        return folder;
    }

    private static boolean resumable(Path dir) {
        return Files.isRegularFile(dir.resolve(REQUEST)) && Files.isRegularFile(dir.resolve(CHECKPOINT));
    }

    /** Opens an existing run, checking that it has a model and a readable graft.json. */
    public static RunDir open(Path dir) {
        OutputFolder.recoverQuietly(dir, KIND);
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

    /** Writes {@code graft.json}: a classifier's {@link RunInfo}, or another task's record (a generator's). */
    public void writeInfo(Object info) {
        writeJson(info(), info);
    }

    /** Pretty-printed JSON, written atomically: the form of every {@code graft.json}. */
    public static void writeJson(Path file, Object value) {
        AtomicFiles.writeString(file, GSON.toJson(value));
    }

    public RunInfo readInfo() {
        return readInfo(RunInfo.class, raw -> {});
    }

    /**
     * {@code graft.json} as a record of {@code type}, refused when a newer Graft wrote it, and
     * when a value its constructor checks is out of range.
     *
     * @param check sees the raw JSON first and throws a {@link RunException} for a run of
     *     another kind (a generator's run given to a classifier command, say)
     */
    public <T> T readInfo(Class<T> type, Consumer<JsonObject> check) {
        try {
            if (Files.size(info()) > FolderKind.MAX_MARKER_BYTES) {
                throw new RunException(info() + ": " + Files.size(info()) + " bytes is far more than a graft.json holds; "
                        + "the run folder is damaged or not Graft's");
            }
            String text = Files.readString(info());
            JsonObject raw = GSON.fromJson(text, JsonObject.class);
            if (raw == null) {
                throw new RunException(info() + ": empty; the run folder is damaged");
            }
            check.accept(raw);
            int format = raw.has("format") ? raw.get("format").getAsInt() : 0;
            if (format > Graft.RUN_FORMAT) {
                throw new RunException(info() + ": written by a newer Graft (run format " + format
                        + "); upgrade Graft to read it");
            }
            return fromJson(GSON, raw, type, info());
        } catch (IOException | JsonParseException | IllegalStateException | NumberFormatException
                | UnsupportedOperationException e) {
            throw new RunException(info() + ": unreadable (" + e.getMessage() + "); the run folder is damaged");
        }
    }

    /**
     * Reads a record from JSON; a value its constructor refuses (a NaN, a size out of range)
     * becomes a {@link RunException} naming {@code file} and the check that failed.
     */
    public static <T> T fromJson(Gson gson, com.google.gson.JsonElement json, Class<T> type, Path file) {
        try {
            return gson.fromJson(json, type);
        } catch (JsonParseException e) {
            throw new RunException(file + ": unreadable (" + e.getMessage() + "); the folder is damaged");
        } catch (RuntimeException e) {
            // Gson wraps what a record's compact constructor throws
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IllegalArgumentException && t.getMessage() != null) {
                    throw new RunException(file + ": " + t.getMessage() + "; the folder is damaged or not Graft's");
                }
            }
            throw e;
        }
    }
}
