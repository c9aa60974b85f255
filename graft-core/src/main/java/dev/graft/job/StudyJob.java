package dev.graft.job;

import dev.graft.data.DataConfig;
import dev.graft.data.Preprocess;
import dev.graft.engine.Engines;
import dev.graft.model.Architectures;
import dev.graft.model.Pretrained;
import dev.graft.recipe.Strategy;
import dev.graft.report.Report;
import dev.graft.run.OutputFolder;
import dev.graft.run.RunException;
import dev.graft.study.StudyConfig;
import dev.graft.study.StudyData;
import dev.graft.study.StudyFile;
import dev.graft.study.StudyListener;
import dev.graft.study.StudyRecord;
import dev.graft.study.StudyRunner;
import dev.graft.study.Summary;
import dev.graft.train.TrainListener;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/** {@code graft study}: the grid of strategies × sizes × seeds, then {@code study.json}, plots and report. */
public final class StudyJob {
    private StudyJob() {}

    /**
     * What a study produced.
     *
     * @param record every finished cell and the study's provenance
     * @param summary mean ± std per strategy and size
     * @param json the study file
     * @param report the report and its plots
     * @param complete whether every planned cell has finished
     */
    public record Outcome(StudyRecord record, Summary summary, Path json, Report.Written report, boolean complete) {}

    /**
     * Where the study is written: continued where {@code study.json} is (the staging sibling of an
     * interrupted {@code --force} replacement, or the folder itself), else a new folder, replacing
     * an old study only with {@code force} and only once the new one is complete.
     */
    private static OutputFolder folder(StudyConfig c, StudyData data, Pretrained.Resolved weights) {
        Path out = OutputFolder.checkOut(c.out());
        if (c.resume() && (StudyFile.exists(out) || StudyFile.exists(OutputFolder.staging(out)))) {
            return OutputFolder.resume(out, StudyFile.KIND, StudyFile::exists);
        }
        if (StudyFile.exists(out) && !c.force()) {
            throw new RunException(out + " already holds a study; add `resume` to continue it, `force` to start over, "
                    + "or give another `out`");
        }
        Map<String, Path> inputs = new LinkedHashMap<>();
        if (!DataConfig.FASHION_MNIST.equalsIgnoreCase(c.data())) {
            inputs.put("`data`", Path.of(c.data()));
        }
        if (weights != null) {
            TrainInputs.localPath(c.weights()).ifPresent(p -> inputs.put("`weights`", p));
        }
        return OutputFolder.prepare(out, c.force(), StudyFile.KIND, inputs);
    }

    /**
     * Runs the study a config describes, resuming it when asked, and writes the report.
     *
     * @param trainListeners a fresh list of training listeners for each cell
     */
    public static Outcome run(StudyConfig c, List<StudyListener> listeners,
            Supplier<List<TrainListener>> trainListeners) {
        return run(c, listeners, trainListeners, true);
    }

    /** @param announce log the data and weights lines (the demo's short study keeps quiet) */
    static Outcome run(StudyConfig c, List<StudyListener> listeners, Supplier<List<TrainListener>> trainListeners,
            boolean announce) {
        Consumer<String> log = announce ? LoggerFactory.getLogger(StudyJob.class)::info : msg -> { };
        Engines.start(c.threads());
        Architectures.get(c.arch()); // fail on a bad name before reading any data
        boolean transfer = c.parsedStrategies().stream().anyMatch(Strategy::usesPretrained);
        Pretrained.Resolved weights = transfer ? Pretrained.resolve(c.weights()) : null;
        if (weights != null) {
            log.accept("weights: " + weights.source() + (weights.spec() == null ? "" : " (" + weights.spec()
                    .description() + ")"));
        }
        StudyData data = StudyData.open(c);
        log.accept("data: " + data.description());
        if (!data.skipped().isEmpty()) {
            log.accept("skipped " + data.skipped().size() + " unreadable image(s), e.g. " + data.skipped().get(0));
        }
        int smallest = data.minPoolPerClass();
        c.sizes().stream().filter(z -> z > smallest).forEach(z -> log.accept("note: `sizes` " + z + " is more than the "
                + smallest + " training images of the smallest class; such classes use all they have"));
        Preprocess pre = weights != null && weights.spec() != null ? weights.spec().preprocess()
                : DataConfig.FASHION_MNIST.equalsIgnoreCase(c.data())
                        || dev.graft.pretrain.synthetic.SyntheticSpec.isSynthetic(c.data()) ? Preprocess.fashionMnist()
                : Preprocess.imagenet(Architectures.get(c.arch()).inputSize());
        OutputFolder folder = folder(c, data, weights);
        StudyRecord record = new StudyRunner(c.withOut(folder.dir()), data, weights, pre, listeners, trainListeners)
                .run();
        boolean complete = c.cells().stream().allMatch(cell -> record.cell(cell.key()) != null);
        if (complete) {
            folder.commit();
        } else if (folder.replaces()) {
            log.accept("note: " + folder.out() + " still holds the old study; the new one waits in " + folder.dir()
                    + " and replaces it when every cell has run (`resume` continues it)");
        }
        Path dir = complete ? folder.out() : folder.dir();
        Report.Written report = Report.write(dir, record, data.test());
        return new Outcome(record, Summary.of(record), StudyFile.path(dir), report, complete);
    }
}
