package dev.graft.studio.results;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.graft.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * What the Studio keeps beside a run ({@code studio.json}): the settings as the person chose
 * them, when it was queued, and why it failed when it did. Training's own record is the run
 * folder's {@code graft.json}.
 *
 * @param created when the run was queued, ISO-8601
 * @param settings the settings from the training form
 * @param error why training failed, or null
 */
public record StudioMeta(String created, Map<String, Object> settings, String error) {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    static StudioMeta read(RunFolder r) {
        try {
            StudioMeta m = GSON.fromJson(Files.readString(r.meta()), StudioMeta.class);
            if (m != null) {
                return m;
            }
        } catch (IOException | JsonParseException e) {
            // an unreadable studio.json only loses what the form said; the run itself is intact
        }
        return new StudioMeta(null, Map.of(), null);
    }

    void write(RunFolder r) {
        AtomicFiles.writeString(r.meta(), GSON.toJson(this));
    }

    StudioMeta withError(String e) {
        return new StudioMeta(created, settings, e);
    }
}
