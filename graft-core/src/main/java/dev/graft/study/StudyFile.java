package dev.graft.study;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.graft.check.Checks;
import dev.graft.run.FolderKind;
import dev.graft.run.RunException;
import dev.graft.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;

/**
 * Reads and writes {@code study.json}. Every write is atomic: a study killed at any moment leaves
 * either the previous file or the new one, so no finished cell is ever lost or torn.
 */
public final class StudyFile {
    /** The file name inside a study folder. */
    public static final String NAME = "study.json";
    /** What Graft writes into a study folder (the report's names are {@code dev.graft.report.Report}'s): what {@code --force} may replace. */
    public static final FolderKind KIND = new FolderKind("study", List.of(NAME),
            Set.of(NAME, "report.html", "summary.md"),
            Set.of(), Map.of("plots", Set.of("accuracy.png", "speed.png", "losses.png", "confusion.png", "worst.png",
                    "reliability.png", "gradcam.png")));
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();

    private StudyFile() {}

    public static Path path(Path dir) {
        return dir.resolve(NAME);
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(path(dir));
    }

    public static StudyRecord read(Path dir) {
        Path p = path(dir);
        try {
            if (Files.size(p) > (1L << 30)) {
                throw new RunException(p + ": " + Files.size(p) + " bytes is far more than a study file holds; "
                        + "restore it or give another `out`");
            }
            StudyRecord r = GSON.fromJson(Files.readString(p), StudyRecord.class);
            if (r == null || r.cells() == null || r.settings() == null || r.plan() == null || r.provenance() == null
                    || r.provenance().labels() == null || r.provenance().labels().isEmpty()) {
                throw new RunException(p + ": not a Graft study file; give another `out`");
            }
            if (r.format() > StudyRecord.FORMAT) {
                throw new RunException(p + ": written by a newer Graft (format " + r.format() + "); upgrade Graft");
            }
            check(p, r);
            return r;
        } catch (IOException e) {
            throw new RunException(p + ": cannot read (" + e.getMessage() + ")");
        } catch (JsonParseException e) {
            throw new RunException(p + ": not valid JSON (" + e.getMessage() + "); restore it or give another `out`");
        }
    }

    /** Every stored cell valid and there once: a NaN or a duplicate would skew every mean of the summary. */
    private static void check(Path p, StudyRecord r) {
        Set<String> seen = new java.util.HashSet<>();
        int classes = r.provenance().labels().size();
        for (int i = 0; i < r.cells().size(); i++) {
            CellResult c = r.cells().get(i);
            try {
                Checks.require(c != null, "cells[" + i + "]", "a cell", null);
                c.check("cells[" + i + "]", classes, r.provenance().testImages());
            } catch (IllegalArgumentException e) {
                throw new RunException(p + ": " + e.getMessage() + "; the file is damaged, restore it or give "
                        + "another `out`");
            }
            if (!seen.add(c.key())) {
                throw new RunException(p + ": cell " + c.key() + " appears twice, and would be counted twice; the file "
                        + "is damaged, restore it or give another `out`");
            }
        }
    }

    public static void write(Path dir, StudyRecord r) {
        AtomicFiles.writeString(path(dir), GSON.toJson(r) + "\n");
    }

    /**
     * Refuses to resume a study made with other settings, naming the first that differs.
     *
     * @throws RunException naming the setting, both values, and the fix
     */
    public static void checkResumable(Path dir, Map<String, String> stored, Map<String, String> now) {
        for (Map.Entry<String, String> e : now.entrySet()) {
            String was = stored.get(e.getKey());
            if (!Objects.equals(was, e.getValue())) {
                throw new RunException(path(dir) + " was made with " + e.getKey() + " = " + was + ", this run has "
                        + e.getValue() + "; resume with the same settings, or give another `out` (or `force` to "
                        + "start over)");
            }
        }
    }
}
