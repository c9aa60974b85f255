package dev.graft.study;

/**
 * Hooks into a running study. Every method has a no-op default. A listener ends the study after
 * the current cell through {@link StudyContext#requestStop}; finished cells are already saved.
 */
public interface StudyListener {
    /** Before the first cell: the grid, what a resumed study already has, and the time estimate. */
    default void onPlan(StudyContext ctx, StudyPlan plan) {}

    /** A cell is about to train. */
    default void onCellBegin(StudyContext ctx, Cell cell, Progress progress) {}

    /** A cell finished and {@code study.json} holds it. */
    default void onCellEnd(StudyContext ctx, CellResult result, Progress progress) {}

    /** The study ended: every cell finished, or a stop was requested. */
    default void onStudyEnd(StudyContext ctx, StudyRecord record) {}

    /**
     * Where the grid stands.
     *
     * @param done cells finished, resumed ones included
     * @param total cells in the grid
     * @param elapsedSeconds wall time of this session so far
     * @param etaSeconds remaining time: the estimate of the cells left, scaled by how the cells
     *     run so far compared with their estimates
     */
    record Progress(int done, int total, double elapsedSeconds, double etaSeconds) {}
}
