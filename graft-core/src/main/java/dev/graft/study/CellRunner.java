package dev.graft.study;

import ai.djl.ndarray.NDManager;
import dev.graft.data.Augment;
import dev.graft.data.ImageSource;
import dev.graft.data.Preprocess;
import dev.graft.calibration.Calibration;
import dev.graft.calibration.Rejection;
import dev.graft.calibration.Reliability;
import dev.graft.engine.Engines;
import dev.graft.eval.Evaluator;
import dev.graft.eval.Outputs;
import dev.graft.explain.Explainer;
import dev.graft.explain.Explanation;
import dev.graft.explain.GradCam;
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
            Outputs testOutputs = Evaluator.outputs(net, data.test(), preprocess, config.threads(), false);
            Evaluator.Detailed test = Evaluator.detailed(testOutputs, 1);
            CellResult.CellCalibration calibration = calibration(net, testOutputs);
            return result(cell, train.size(), r, clock.points, test, calibration, heatMaps(net, test));
        }
    }

    /** The temperature from the validation images, and what it does to the test set's reliability. */
    private CellResult.CellCalibration calibration(Network net, Outputs test) {
        Outputs val = Evaluator.outputs(net, data.val(), preprocess, config.threads(), false);
        double t = Calibration.fit(val, Rejection.DEFAULT_ACCEPT_RATE).temperature();
        Reliability before = Reliability.of(test.probabilities(1), test.truth());
        Reliability after = Reliability.of(test.probabilities(t), test.truth());
        return new CellResult.CellCalibration(t, before.ece(), after.ece(), before, after);
    }

    /** Grad-CAM heat maps of the worst misses, for the predicted class, by test index. */
    private java.util.Map<Integer, double[][]> heatMaps(Network net, Evaluator.Detailed test) {
        int[] worst = worst(test).stream().mapToInt(Evaluator.Prediction::index).toArray();
        java.util.Map<Integer, double[][]> out = new java.util.HashMap<>();
        if (worst.length == 0) {
            return out;
        }
        GradCam cam = GradCam.of(net, preprocess.size());
        NDManager parent = net.namedParams().values().iterator().next().array().getManager();
        List<Explanation> ex = Explainer.explain(cam, Explainer.inputs(data.test(), worst, preprocess),
                preprocess.size(), null, parent);
        for (int i = 0; i < worst.length; i++) {
            out.put(worst[i], ex.get(i).heatMap().grid());
        }
        return out;
    }

    private static List<Evaluator.Prediction> worst(Evaluator.Detailed test) {
        return test.predictions().stream().filter(p -> p.predicted() != p.truth())
                .sorted(Comparator.comparingDouble(Evaluator.Prediction::truthProb)).limit(WORST).toList();
    }

    /** The architecture with a new head, materialised with the cell's seed. */
    static Network build(String arch, int classes, HeadSpec head, NDManager m, long seed) {
        Network net = Architectures.get(arch).create(classes);
        net.replaceHead(new ClassifierHead(net.featureDim(), classes, head));
        net.materialize(m, seed);
        return net;
    }

    private CellResult result(Cell cell, int trainImages, RecipeResult r, List<CellResult.EpochPoint> points,
            Evaluator.Detailed test, CellResult.CellCalibration calibration, java.util.Map<Integer, double[][]> maps) {
        double finalVal = r.last().bestValAcc();
        int best = 0;
        int offset = 0;
        for (TrainResult phase : r.phases()) {
            if (phase.bestEpoch() > 0) {
                best = offset + phase.bestEpoch();
            }
            offset += phase.history().size();
        }
        List<CellResult.Miss> worst = worst(test).stream()
                .map(p -> new CellResult.Miss(p.index(), data.test().describe(p.index()), p.truth(), p.predicted(),
                        p.confidence(), p.truthProb(), maps.get(p.index())))
                .toList();
        var e = test.evaluation();
        return new CellResult(cell.key(), cell.strategy(), cell.perClass(), trainImages, cell.seed(), e.accuracy(),
                e.macroF1(), e.loss(), r.seconds(),
                CellMetrics.secondsToFraction(points, finalVal, CellMetrics.TARGET, r.seconds()), finalVal,
                r.trainableParams(), r.totalParams(), best, offset, CellMetrics.lastGap(points), r.featuresCached(),
                r.last().stopReason(), points, e.confusion(), worst, Instant.now().toString(), calibration);
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
