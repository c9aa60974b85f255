package dev.graft.export;

import dev.graft.data.ImageSource;
import dev.graft.data.Preprocess;
import dev.graft.job.LoadedRun;
import dev.graft.job.RunImages;
import dev.graft.model.Network;
import dev.graft.run.RunDir;
import java.util.List;

/**
 * What is being exported: a network with its preprocessing and class names, and, for a run
 * folder, the run it came from (its temperature and validation images).
 */
record ExportSubject(Network net, Preprocess preprocess, List<String> labels, String description, LoadedRun run) {

    /** The temperature the run's calibration stored in graft.json, or 1 when it has none. */
    float temperature() {
        return run == null ? 1f : (float) run.info().calibrationOrNone().temperature();
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
