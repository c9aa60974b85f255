package dev.graft.job;

import dev.graft.eval.Evaluation;
import dev.graft.recipe.RecipeResult;
import dev.graft.run.RunDir;
import dev.graft.run.RunInfo;

/**
 * What {@code graft train} produced.
 *
 * @param run the run folder
 * @param info its provenance
 * @param recipe the training phases
 * @param val evaluation on the validation images
 * @param test evaluation on the test images, or null when the data has none
 * @param loadMessage what loading the pretrained weights did, or null
 */
public record TrainSummary(RunDir run, RunInfo info, RecipeResult recipe, Evaluation val, Evaluation test,
        String loadMessage) {}
