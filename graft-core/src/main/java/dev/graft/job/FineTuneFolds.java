package dev.graft.job;

import ai.djl.ndarray.NDManager;
import dev.graft.data.Data;
import dev.graft.data.ImageSource;
import dev.graft.data.Splits;
import dev.graft.data.Subset;
import dev.graft.engine.Engines;
import dev.graft.eval.Evaluator;
import dev.graft.model.Models;
import dev.graft.model.Network;
import dev.graft.model.Pretrained;
import dev.graft.recipe.RecipeSetup;
import dev.graft.recipe.Recipes;
import dev.graft.review.CrossFit;
import dev.graft.train.TrainConfig;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fold model that repeats the run's own recipe for a few epochs: from the run's base weights,
 * with its strategy, head and options, on the fold's training rows (a stratified tenth of them held
 * back for early stopping), then predicts the held-out rows. Slower than a linear probe by the
 * cost of k short trainings, and closer to what the run itself learned. Folds train one after the
 * other (libtorch collects one gradient at a time).
 */
final class FineTuneFolds implements CrossFit.FoldModel {
    private final TrainRequest request;
    private final ImageSource images;
    private final int epochs;
    private final Pretrained.Resolved weights;
    private static final Logger LOG = LoggerFactory.getLogger(FineTuneFolds.class);

    private FineTuneFolds(TrainRequest request, Pretrained.Resolved weights, ImageSource images, int epochs) {
        this.request = request;
        this.images = images;
        this.epochs = epochs;
        this.weights = weights;
    }

    /**
     * Fold models repeating the recipe in {@code run}'s {@code request.json}, which is untrusted
     * like the rest of the folder: its architecture and starting weights pass {@link RunInputs},
     * with what the user named when opening the run.
     */
    static FineTuneFolds of(LoadedRun run, ImageSource images, int epochs) {
        java.nio.file.Path file = run.dir().request();
        RequestCodec.Stored stored = RequestCodec.read(file, 0);
        TrainRequest request = stored.request();
        if (request.strategy().kind().name().matches("LORA|BITFIT|ADAPTER")) {
            throw new IllegalArgumentException("fine-tune folds repeat full-network recipes; for a "
                    + request.strategy() + " run use `foldsBy` probe");
        }
        request = request.withArch(RunInputs.arch(request.arch(), stored.scriptSha(), run.trusted().torchscript(),
                file));
        Pretrained.Resolved weights = request.strategy().usesPretrained() ? RunInputs.weights(request.weights(),
                stored.weightsSha(), run.trusted().base(), file, "baseWeights") : null;
        return new FineTuneFolds(request, weights, images, epochs);
    }

    @Override
    public synchronized float[][] fitPredict(int fold, int[] train, int[] heldOut) {
        Subset pool = new Subset(images, train);
        int[][] split = Splits.stratified(pool, 0.1, request.train().seed() + fold);
        ImageSource fit = new Subset(pool, split[0]);
        ImageSource val = new Subset(pool, split[1]);
        TrainConfig cfg = request.train().toBuilder().epochs(epochs).seed(request.train().seed() + fold).build();
        List<String> labels = images.labels();
        try (NDManager m = Engines.newManager()) {
            Network net = Models.build(request.arch(), labels.size(), request.head(), m, cfg.seed());
            Data data = new Data(fit, val, null, labels, "fold " + (fold + 1), List.of());
            TrainInputs.load(net, request, data, weights);
            var pre = TrainInputs.preprocess(request, weights);
            LOG.info("fold " + (fold + 1) + ": " + request.strategy() + " on " + fit.size() + " images, "
                    + epochs + " epoch(s)");
            Recipes.run(request.strategy(), new RecipeSetup(net, fit, val, pre, request.augment(), cfg,
                    Math.min(request.headEpochs(), epochs), request.lrMult(), request.threads(), List.of(),
                    request.tuning()));
            return Evaluator.outputs(net, new Subset(images, heldOut), pre, request.threads(), false).probabilities(1);
        }
    }
}
