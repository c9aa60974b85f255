package dev.graft.study;

import dev.graft.data.Preprocess;
import dev.graft.model.Architectures;
import dev.graft.model.Network;
import dev.graft.model.Pretrained;
import dev.graft.recipe.Strategy;
import dev.graft.run.RunException;
import dev.graft.run.Versions;
import dev.graft.study.StudyListener.Progress;
import dev.graft.train.Freezing;
import dev.graft.train.TrainListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs a study's grid: opens or resumes {@code study.json}, measures this machine's speed,
 * announces the plan, then trains and scores every cell not yet finished, saving each one
 * atomically as it completes.
 */
public final class StudyRunner implements StudyContext {
    private final StudyConfig config;
    private final StudyData data;
    private final Pretrained.Resolved weights;
    private final Preprocess preprocess;
    private final List<StudyListener> listeners;
    private final Supplier<List<TrainListener>> trainListeners;
    private volatile String stopReason;

    /**
     * @param weights the pretrained weights, or null when every strategy is scratch
     * @param trainListeners a fresh list of training listeners for each cell (progress bars)
     */
    public StudyRunner(StudyConfig config, StudyData data, Pretrained.Resolved weights, Preprocess preprocess,
            List<StudyListener> listeners, Supplier<List<TrainListener>> trainListeners) {
        this.config = config;
        this.data = data;
        this.weights = weights;
        this.preprocess = preprocess;
        this.listeners = List.copyOf(listeners);
        this.trainListeners = trainListeners;
    }

    /** Runs every cell not yet in {@code study.json} and returns the record with all finished cells. */
    public StudyRecord run() {
        checkStrategies();
        StudyRecord record = open();
        List<Cell> cells = config.cells();
        List<String> finished = new ArrayList<>();
        List<Cell> todo = new ArrayList<>();
        for (Cell c : cells) {
            if (record.cell(c.key()) != null) {
                finished.add(c.key());
            } else {
                todo.add(c);
            }
        }
        Calibration cal = todo.isEmpty() ? record.calibration() : Calibration.measure(config, data, preprocess);
        Map<String, Double> estimates = new LinkedHashMap<>();
        for (Cell c : todo) {
            estimates.put(c.key(), cal.cellSeconds(config, Strategy.parse(c.strategy()),
                    data.trainSubset(c.perClass(), c.seed()).size(), data.val().size(), data.test().size()));
        }
        record = record.with(plan(), cal, now());
        StudyFile.write(config.out(), record);
        StudyPlan plan = new StudyPlan(cells, finished, estimates, todo.isEmpty() ? null : cal);
        listeners.forEach(l -> l.onPlan(this, plan));

        CellRunner runner = new CellRunner(config, data, weights, preprocess);
        long t0 = System.nanoTime();
        double spent = 0;
        double estimatedSpent = 0;
        int done = finished.size();
        for (int i = 0; i < todo.size() && stopReason == null; i++) {
            Cell cell = todo.get(i);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            Progress before = progress(done, cells.size(), elapsed, todo.subList(i, todo.size()), estimates, spent,
                    estimatedSpent);
            listeners.forEach(l -> l.onCellBegin(this, cell, before));
            long tc = System.nanoTime();
            CellResult result = runner.run(cell, trainListeners.get());
            record = record.withCell(result, now());
            StudyFile.write(config.out(), record);
            spent += (System.nanoTime() - tc) / 1e9;
            estimatedSpent += estimates.get(cell.key());
            done++;
            Progress after = progress(done, cells.size(), (System.nanoTime() - t0) / 1e9,
                    todo.subList(i + 1, todo.size()), estimates, spent, estimatedSpent);
            listeners.forEach(l -> l.onCellEnd(this, result, after));
        }
        StudyRecord last = record;
        listeners.forEach(l -> l.onStudyEnd(this, last));
        return record;
    }

    private static Progress progress(int done, int total, double elapsed, List<Cell> left,
            Map<String, Double> estimates, double spent, double estimatedSpent) {
        double rest = left.stream().mapToDouble(c -> estimates.get(c.key())).sum();
        // the estimate is an upper bound from one moment's speed; once cells have run, scale it by
        // how they compared, which also follows a machine that got busier or quieter
        double ratio = estimatedSpent > 0 ? spent / estimatedSpent : 1;
        return new Progress(done, total, elapsed, rest * ratio);
    }

    private StudyRecord open() {
        Map<String, String> settings = settings();
        if (StudyFile.exists(config.out()) && !config.force()) {
            if (!config.resume()) {
                throw new RunException(config.out() + " already holds a study; add `resume` to continue it, "
                        + "`force` to start over, or give another `out`");
            }
            StudyRecord r = StudyFile.read(config.out());
            StudyFile.checkResumable(config.out(), r.settings(), settings);
            return r;
        }
        String now = now();
        return new StudyRecord(StudyRecord.FORMAT, now, now, Versions.current(), settings, plan(), provenance(),
                null, List.of());
    }

    private Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>(config.settings());
        m.put("poolFingerprint", data.pool().fingerprint());
        m.put("valFingerprint", data.val().fingerprint());
        m.put("testFingerprint", data.test().fingerprint());
        m.put("weightsSha256", weights == null ? "none" : String.valueOf(weights.sha256()));
        return m;
    }

    private StudyRecord.Plan plan() {
        return new StudyRecord.Plan(config.sizes(), config.strategies(), config.seeds(), config.seed());
    }

    private StudyRecord.Provenance provenance() {
        return new StudyRecord.Provenance(data.description(), data.labels(), data.pool().size(), data.val().size(),
                data.test().size(), data.minPoolPerClass(), data.pool().fingerprint(), data.val().fingerprint(),
                data.test().fingerprint(), config.arch(), weights == null ? null : weights.source(),
                weights == null ? null : weights.sha256(),
                weights == null || weights.spec() == null ? null : weights.spec().description(), preprocess);
    }

    /** Fails before any training on a strategy this architecture cannot run, such as partial:9. */
    private void checkStrategies() {
        Network probe = Architectures.get(config.arch()).create(data.labels().size());
        for (Strategy s : config.parsedStrategies()) {
            if (s.kind() == Strategy.Kind.PARTIAL) {
                try {
                    Freezing.freezeStages(probe, s.k(), config.train().bnPolicy());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("`strategies` " + s + ": " + e.getMessage());
                }
            }
        }
        if (weights == null && config.parsedStrategies().stream().anyMatch(Strategy::usesPretrained)) {
            throw new IllegalArgumentException("the study has transfer strategies but no weights; give `weights`");
        }
    }

    private static String now() {
        return Instant.now().toString();
    }

    @Override
    public StudyConfig config() {
        return config;
    }

    @Override
    public void requestStop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    /** Why the study stopped before its last cell, or null. */
    public String stopReason() {
        return stopReason;
    }
}
