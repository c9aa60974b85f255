package dev.graft.testing;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What two run folders must share to count as the same run, leaving out wall times. */
public final class RunCompare {
    private RunCompare() {}

    /** {@code metrics.jsonl} lines without their timing fields. */
    public static List<String> metricsWithoutTimes(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .map(l -> l.replaceAll("\"(seconds|imagesPerSecond)\":[^,}]*", "")).toList();
    }

    /** The {@code result} object of {@code graft.json} without {@code trainSeconds}. */
    public static Map<?, ?> resultsWithoutTime(Path run) throws IOException {
        JsonObject info = new Gson().fromJson(Files.readString(run.resolve("graft.json")), JsonObject.class);
        Map<?, ?> res = new Gson().fromJson(info.get("result"), Map.class);
        res.remove("trainSeconds");
        return res;
    }
}
