package dev.graft.gen.study;

import dev.graft.gen.score.GenScore;

/**
 * One cell of the comparison: a strategy at one N, scored on held-out target images.
 *
 * @param images N, the target images it trained on (0 for the untouched base generator)
 * @param strategy scratch, full, freeze-lower:K, lora:r, freezed:K, or {@code base (no tuning)}
 * @param trainableParams generator parameters that trained
 * @param totalParams all generator parameters
 * @param steps optimizer steps done
 * @param bestStep the step whose generator was kept
 * @param trainSeconds wall time of the fine-tuning
 * @param score the measures
 * @param run the run folder
 */
public record StudyRow(int images, String strategy, long trainableParams, long totalParams, long steps, long bestStep,
        double trainSeconds, GenScore score, String run) {}
