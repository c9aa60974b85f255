package dev.graft.study;

import ai.djl.ndarray.NDManager;
import dev.graft.data.Augment;
import dev.graft.data.ImageSource;
import dev.graft.data.Preprocess;
import dev.graft.engine.Engines;
import dev.graft.eval.Evaluator;
import dev.graft.model.Architectures;
import dev.graft.model.ClassifierHead;
import dev.graft.model.HeadSpec;
import dev.graft.model.Network;
import dev.graft.model.Pretrained;
import dev.graft.model.WeightLoader;
import dev.graft.recipe.RecipeResult;
import dev.graft.recipe.RecipeSetup;
import dev.graft.recipe.Recipes;
import dev.graft.recipe.Strategy;
import dev.graft.train.EpochMetrics;
import dev.graft.train.TrainConfig;
import dev.graft.train.TrainContext;
import dev.graft.train.TrainListener;
import dev.graft.train.TrainResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Trains and scores one cell: its subset, a fresh network, its strategy, the shared test set. */
final class CellRunner {
    /** How many of the worst test predictions a cell keeps for the gallery. */
    static final int WORST = 12;

    private final StudyConfig config;
    private final StudyData data;
    private final Pretrained.Resolved weights;
    private final Preprocess preprocess;

    CellRunner(StudyConfig config, StudyData data, Pretrained.Resolved weights, Preprocess preprocess) {
        this.config = config;
        this.data = data;
        this.weights = weights;
        this.preprocess = preprocess;
    }

    CellResult run(Cell cell, List<TrainListener> extra) {
        Strategy s = Strategy.parse(cell.strategy());
        ImageSource train = data.trainSubset(cell.perClass(), cell.seed());
        int epochs = config.epochsFor(train.size());
        if (s.kind() == Strategy.Kind.LINEAR_PROBE) {
            epochs = config.headEpochsFor(train.size(), epochs);
        }
        TrainConfig cfg = config.train().toBuilder().optSeed(cell.seed()).optEpochs(epochs)
                .optLr(config.lrFor(s)).build();
        int headEpochs = config.headEpochs() > 0 ? config.headEpochsFor(train.size(), config.headEpochs()) : 0;
        try (NDManager m = Engines.newManager()) {
            Network net = build(config.arch(), data.labels().size(), config.head(), m, cell.seed());
            if (s.usesPretrained()) {
                // the study's classes are a new task: the file's head never carries over
                WeightLoader.load(net, weights.dict(), weights.source(), WeightLoader.HeadMode.REPLACE);
            }
            EpochClock clock = new EpochClock();
            List<TrainListener> listeners = new ArrayList<>(extra);
            listeners.add(clock);
            RecipeResult r = Recipes.run(s, new RecipeSetup(net, train, data.val(), preprocess, Augment.NONE, cfg,
                    headEpochs, config.lrMult(), config.threads(), listeners));
            Evaluator.Detailed test = Evaluator.evaluateDetailed(net, data.test(), preprocess, config.threads());
            return result(cell, train.size(), r, clock.points, test);
        }
    }

    /** The architecture with a new head, materialised with the cell's seed. */
    static Network build(String arch, int classes, HeadSpec head, NDManager m, long seed) {
        Network net = Architectures.get(arch).create(classes);
        net.replaceHead(new ClassifierHead(net.featureDim(), classes, head));
        net.materialize(m, seed);
        return net;
    }

    private CellResult result(Cell cell, int trainImages, RecipeResult r, List<CellResult.EpochPoint> points,
            Evaluator.Detailed test) {
        double finalVal = r.last().bestValAcc();
        int best = 0;
        int offset = 0;
        for (TrainResult phase : r.phases()) {
            if (phase.bestEpoch() > 0) {
                best = offset + phase.bestEpoch();
            }
            offset += phase.history().size();
        }
        List<CellResult.Miss> worst = test.predictions().stream().filter(p -> p.predicted() != p.truth())
                .sorted(Comparator.comparingDouble(Evaluator.Prediction::truthProb)).limit(WORST)
                .map(p -> new CellResult.Miss(p.index(), data.test().describe(p.index()), p.truth(), p.predicted(),
                        p.confidence(), p.truthProb()))
                .toList();
        var e = test.evaluation();
        return new CellResult(cell.key(), cell.strategy(), cell.perClass(), trainImages, cell.seed(), e.accuracy(),
                e.macroF1(), e.loss(), r.seconds(),
                CellMetrics.secondsToFraction(points, finalVal, CellMetrics.TARGET, r.seconds()), finalVal,
                r.trainableParams(), r.totalParams(), best, offset, CellMetrics.lastGap(points), r.featuresCached(),
                r.last().stopReason(), points, e.confusion(), worst, Instant.now().toString());
    }

    /** Records every epoch with the time since training started. */
    private static final class EpochClock implements TrainListener {
        private final long t0 = System.nanoTime();
        private final List<CellResult.EpochPoint> points = new ArrayList<>();

        @Override
        public void onEpochEnd(TrainContext ctx, EpochMetrics m) {
            points.add(new CellResult.EpochPoint(points.size() + 1, m.phase(), m.epoch(),
                    (System.nanoTime() - t0) / 1e9, m.trainLoss(), m.trainAcc(), m.valLoss(), m.valAcc()));
        }
    }
}
