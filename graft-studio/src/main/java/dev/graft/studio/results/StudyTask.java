package dev.graft.studio.results;

import dev.graft.job.StudyJob;
import dev.graft.studio.jobs.Job;
import dev.graft.studio.jobs.Task;
import dev.graft.studio.project.Dataset;
import dev.graft.studio.project.Workspace;
import dev.graft.study.Cell;
import dev.graft.study.StudyConfig;
import dev.graft.study.StudyContext;
import dev.graft.study.StudyListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code graft study} on a frozen copy of the project's images and writes its report. Stop
 * ends it after the current cell; finished cells and the report of them stay.
 */
final class StudyTask implements Task {
    private final Workspace workspace;
    private final Dataset data;
    private final Path dir;
    private final Map<String, Object> form;
    private final int threads;
    private volatile StudyContext context;
    private volatile boolean stop;

    StudyTask(Workspace workspace, Dataset data, Path dir, Map<String, Object> form, int threads) {
        this.workspace = workspace;
        this.data = data;
        this.dir = dir;
        this.form = form;
        this.threads = threads;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void run(Job job) {
        job.say("preparing the images");
        Snapshot.make(workspace, data, dir.resolve("data"), TrainTask.SEED, threads);
        StudyConfig.Builder b = StudyConfig.builder().setData(dir.resolve("data").toString())
                .setModel((String) form.get("arch")).setOut(workspace.checked(dir.resolve("out")))
                .optWeights((String) form.get("backbone")).optSizes((List<Integer>) form.get("sizes"))
                .optStrategies((List<String>) form.get("strategies")).optSeeds(1).optThreads(threads);
        b.optTrain(b.train().toBuilder().epochs((Integer) form.get("epochs")).build());
        StudyListener progress = new StudyListener() {
            @Override
            public void onCellBegin(StudyContext ctx, Cell cell, Progress p) {
                context = ctx;
                if (stop) {
                    ctx.requestStop("stopped by user");
                }
                job.say("cell " + (p.done() + 1) + " of " + p.total() + ": " + cell.strategy() + " with "
                        + (cell.perClass() == 0 ? "all" : cell.perClass()) + " images per class");
            }
        };
        StudyJob.run(b.build(), List.of(progress), List::of);
    }

    @Override
    public void stop() {
        stop = true;
        StudyContext c = context;
        if (c != null) {
            c.requestStop("stopped by user");
        }
    }

    @Override
    public boolean stoppable() {
        return true;
    }
}
