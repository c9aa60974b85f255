package dev.graft.study;

import dev.graft.data.Preprocess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The contents of {@code study.json}: what was run on what, and every finished cell.
 *
 * @param format layout version of this file
 * @param created ISO-8601 time the study started
 * @param updated ISO-8601 time of the last write
 * @param versions Graft, DJL, libtorch, Java, OS and CPU architecture
 * @param settings everything a resumed study must share with this one, by name
 * @param plan the grid
 * @param provenance the data and the backbone
 * @param calibration the throughput the time estimate came from, or null if never measured
 * @param cells finished cells, in the order they finished
 */
public record StudyRecord(int format, String created, String updated, Map<String, String> versions,
        Map<String, String> settings, Plan plan, Provenance provenance, Calibration calibration,
        List<CellResult> cells) {
    /** The current {@link #format}. */
    public static final int FORMAT = 1;

    /**
     * The grid's axes.
     *
     * @param sizes images per class (0 = all)
     * @param strategies strategy names
     * @param seeds seeds per pair
     * @param seed the first seed
     */
    public record Plan(List<Integer> sizes, List<String> strategies, int seeds, long seed) {}

    /**
     * Where the numbers come from.
     *
     * @param data what the data is and how it was split
     * @param labels class names
     * @param poolImages images the training subsets are drawn from
     * @param valImages shared validation images
     * @param testImages shared test images
     * @param minPoolPerClass images per class of the pool's smallest class: what "all" means
     * @param poolFingerprint fingerprint of the training pool
     * @param valFingerprint fingerprint of the validation set
     * @param testFingerprint fingerprint of the test set
     * @param arch architecture
     * @param weights the weights source, or null for a scratch-only study
     * @param weightsSha256 checksum of the weights file
     * @param weightsDescription what the weights were trained on, when the registry knows
     * @param preprocess input size, resize, mean and std
     */
    public record Provenance(String data, List<String> labels, int poolImages, int valImages, int testImages,
            int minPoolPerClass, String poolFingerprint, String valFingerprint, String testFingerprint, String arch,
            String weights, String weightsSha256, String weightsDescription, Preprocess preprocess) {}

    /** This record with one more finished cell and a new update time. */
    public StudyRecord withCell(CellResult cell, String now) {
        List<CellResult> all = new ArrayList<>(cells);
        all.add(cell);
        return new StudyRecord(format, created, now, versions, settings, plan, provenance, calibration, all);
    }

    /** This record with another plan, calibration and update time, cells kept. */
    public StudyRecord with(Plan newPlan, Calibration cal, String now) {
        return new StudyRecord(format, created, now, versions, settings, newPlan, provenance, cal, cells);
    }

    /** The finished cell with this key, or null. */
    public CellResult cell(String key) {
        for (CellResult c : cells) {
            if (c.key().equals(key)) {
                return c;
            }
        }
        return null;
    }
}
