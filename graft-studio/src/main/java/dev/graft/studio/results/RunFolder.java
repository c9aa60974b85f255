package dev.graft.studio.results;

import dev.graft.run.RunDir;
import dev.graft.studio.project.Names;
import dev.graft.studio.project.Project;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One training of a project, on disk: {@code runs/<id>/model/} is a complete Graft run folder
 * (what {@code graft predict --run} opens and the download zips), {@code runs/<id>/data/} the
 * images exactly as they were when it started, and {@code runs/<id>/studio.json} what the Studio
 * keeps about it (the settings as chosen, and the review of its validation images).
 *
 * @param id {@code run-N}
 * @param dir the folder
 */
public record RunFolder(String id, Path dir) {
    /** The file the Studio keeps beside the run. */
    public static final String META = "studio.json";

    static RunFolder of(Project p, String id) {
        return new RunFolder(Names.id(id, "run"), p.runs().resolve(id));
    }

    /** The Graft run folder. */
    public Path model() {
        return dir.resolve("model");
    }

    /** The images the run trained on, one folder per class. */
    public Path data() {
        return dir.resolve("data");
    }

    public Path meta() {
        return dir.resolve(META);
    }

    /** Files the Studio makes from the run (exports); safe to delete. */
    public Path exports() {
        return dir.resolve("exports");
    }

    /** Whether training wrote its model and provenance (it finished, or stopped and saved). */
    public boolean hasModel() {
        return Files.isRegularFile(model().resolve(RunDir.INFO));
    }

    /** Whether a checkpoint is there to resume from. */
    public boolean resumable() {
        return Files.isRegularFile(model().resolve(RunDir.CHECKPOINT))
                && Files.isRegularFile(model().resolve(RunDir.REQUEST));
    }
}
