package dev.graft.export;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.data.ImageSource;
import dev.graft.data.Preprocess;
import dev.graft.job.LoadedRun;
import dev.graft.job.RunImages;
import dev.graft.model.Network;
import dev.graft.run.RunDir;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * What is being exported: a network with its preprocessing and class names, and, for a run
 * folder, the run it came from (its temperature and validation images).
 */
record ExportSubject(Network net, Preprocess preprocess, List<String> labels, String description, LoadedRun run) {

    /** The temperature the run's calibration stored in graft.json, or 1 when it has none. */
    float temperature() {
        if (run == null || run.dir() == null) {
            return 1f;
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(run.dir().info())).getAsJsonObject();
            // issue 14 stores the fitted temperature in graft.json; accept it at the top level or under calibration
            JsonElement t = o.has("temperature") ? o.get("temperature")
                    : o.has("calibration") && o.get("calibration").isJsonObject()
                            ? o.getAsJsonObject("calibration").get("temperature") : null;
            return t == null || t.isJsonNull() ? 1f : t.getAsFloat();
        } catch (IOException | RuntimeException e) {
            return 1f;
        }
    }

    /** The run's validation images, or null with the reason in {@code why[0]}. */
    ImageSource validation(String[] why) {
        if (run == null || run.dir() == null) {
            why[0] = "no run folder";
            return null;
        }
        try {
            return RunImages.validation(run.dir());
        } catch (RuntimeException e) {
            why[0] = e.getMessage();
            return null;
        }
    }

    RunDir dir() {
        return run == null ? null : run.dir();
    }
}
