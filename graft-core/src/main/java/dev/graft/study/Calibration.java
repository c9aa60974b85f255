package dev.graft.study;

import ai.djl.ndarray.NDManager;
import dev.graft.data.Augment;
import dev.graft.data.ImageSource;
import dev.graft.data.Preprocess;
import dev.graft.data.Splits;
import dev.graft.data.Subset;
import dev.graft.engine.Engines;
import dev.graft.eval.Evaluator;
import dev.graft.model.Network;
import dev.graft.recipe.RecipeResult;
import dev.graft.recipe.RecipeSetup;
import dev.graft.recipe.Recipes;
import dev.graft.recipe.Strategy;
import dev.graft.train.TrainConfig;
import java.util.List;

/**
 * This machine's speed on this study's network and images, measured with a short training and
 * inference run, and the time every cell should take at most by that measure. Early stopping
 * usually ends cells sooner, so the estimate is an upper bound.
 *
 * @param trainImagesPerSecond images per second through a full forward, backward and update
 * @param forwardImagesPerSecond images per second through inference
 * @param setupSeconds building a network and loading weights
 * @param seconds how long the calibration itself took
 */
public record Calibration(double trainImagesPerSecond, double forwardImagesPerSecond, double setupSeconds,
        double seconds) {

    /** Trains a fresh network for one short epoch and runs inference on a few test images. */
    public static Calibration measure(StudyConfig c, StudyData d, Preprocess pre) {
        long t0 = System.nanoTime();
        int batch = c.train().batchSize();
        ImageSource train = new Subset(d.pool(), first(d.pool(), 4 * batch, c.seed()));
        ImageSource val = new Subset(d.val(), first(d.val(), batch, c.seed()));
        ImageSource test = new Subset(d.test(), first(d.test(), Math.max(64, 2 * batch), c.seed()));
        try (NDManager m = Engines.newManager()) {
            long tb = System.nanoTime();
            Network net = CellRunner.build(c.arch(), d.labels().size(), c.head(), m, c.seed());
            double setup = (System.nanoTime() - tb) / 1e9;
            TrainConfig cfg = c.train().toBuilder().optEpochs(1).optPatience(0).optWarmupEpochs(0).build();
            RecipeResult r = Recipes.run(Strategy.SCRATCH, new RecipeSetup(net, train, val, pre, Augment.NONE, cfg,
                    0, c.lrMult(), c.threads(), List.of()));
            double trainIps = r.last().history().get(0).imagesPerSecond();
            long tf = System.nanoTime();
            Evaluator.evaluate(net, test, pre, c.threads());
            double fwdIps = test.size() / Math.max(1e-9, (System.nanoTime() - tf) / 1e9);
            return new Calibration(trainIps, fwdIps, setup, (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * The longest a cell should take: setup, the epochs its strategy trains for (feature caching
     * for head-only phases), validation after each epoch, and the test set.
     */
    public double cellSeconds(StudyConfig c, Strategy s, int trainImages, int valImages, int testImages) {
        double fwd = 1 / forwardImagesPerSecond;
        double epoch = trainImages / trainImagesPerSecond + valImages * fwd;
        double cache = (trainImages + valImages) * fwd;
        double t = setupSeconds + testImages * fwd;
        int epochs = c.epochsFor(trainImages);
        if (s.kind() == Strategy.Kind.LINEAR_PROBE) {
            return t + cache;
        }
        if (s.kind() == Strategy.Kind.FINE_TUNE) {
            return t + (c.headEpochs() > 0 ? cache : 0) + epochs * epoch;
        }
        return t + epochs * epoch;
    }

    private static int[] first(ImageSource src, int n, long seed) {
        int perClass = Math.max(1, (n + src.labels().size() - 1) / src.labels().size());
        return Splits.limit(src, perClass, seed);
    }
}
