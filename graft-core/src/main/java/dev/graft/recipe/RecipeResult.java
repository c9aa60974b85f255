package dev.graft.recipe;

import dev.graft.train.EpochMetrics;
import dev.graft.train.TrainResult;
import java.util.ArrayList;
import java.util.List;

/**
 * What a recipe did.
 *
 * @param strategy the strategy run
 * @param phases each training phase in order
 * @param trainableParams parameters the last phase trained
 * @param totalParams all parameters of the network
 * @param featuresCached whether head training ran on cached backbone features
 * @param seconds wall time, feature caching included
 */
public record RecipeResult(Strategy strategy, List<TrainResult> phases, long trainableParams, long totalParams,
        boolean featuresCached, double seconds) {

    /** Every epoch of every phase. */
    public List<EpochMetrics> history() {
        List<EpochMetrics> out = new ArrayList<>();
        phases.forEach(p -> out.addAll(p.history()));
        return out;
    }

    public TrainResult last() {
        return phases.get(phases.size() - 1);
    }
}
