package dev.graft.study;

import java.util.List;
import java.util.Map;

/**
 * The grid as it will run.
 *
 * @param cells every cell, in run order
 * @param finished keys of cells a resumed study already has
 * @param estimates upper-bound seconds of each cell still to run, by key
 * @param calibration the measurement the estimates come from (null when nothing is left to run)
 */
public record StudyPlan(List<Cell> cells, List<String> finished, Map<String, Double> estimates,
        Calibration calibration) {

    /** Upper bound of the time the remaining cells take. */
    public double estimateSeconds() {
        return estimates.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    public int remaining() {
        return cells.size() - finished.size();
    }
}
