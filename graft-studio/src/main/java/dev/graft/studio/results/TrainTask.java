package dev.graft.studio.results;

import dev.graft.data.DataConfig;
import dev.graft.train.GracefulStop;
import dev.graft.job.TrainJob;
import dev.graft.job.TrainRequest;
import dev.graft.model.HeadSpec;
import dev.graft.run.MetricsLog;
import dev.graft.run.RunDir;
import dev.graft.studio.jobs.Job;
import dev.graft.studio.jobs.Task;
import dev.graft.studio.project.Dataset;
import dev.graft.studio.project.Workspace;
import dev.graft.train.TrainConfig;
import dev.graft.train.TrainListener;
import java.time.Duration;
import java.util.List;

/**
 * Trains one run, or resumes an interrupted one, through graft-core, then reviews its validation
 * images. Stopping goes through the library's own stop ({@link GracefulStop}): training ends after
 * its current step, the best weights are restored and saved, the checkpoint stays, and the run can
 * be resumed. The same stop runs when the Studio itself is stopped with Ctrl-C.
 */
final class TrainTask implements Task {
    /** The seed of the split and of training; fixed, so the same images and settings give the same run. */
    static final long SEED = 42;

    private final Workspace workspace;
    private final Dataset data;
    private final RunFolder run;
    private final TrainSettings settings;
    private final int threads;
    private volatile GracefulStop stop;
    private volatile boolean stopEarly;

    /**
     * @param settings the form, or null to resume the run from its checkpoint
     */
    TrainTask(Workspace workspace, Dataset data, RunFolder run, TrainSettings settings, int threads) {
        this.workspace = workspace;
        this.data = data;
        this.run = run;
        this.settings = settings;
        this.threads = threads;
    }

    @Override
    public void run(Job job) {
        GracefulStop s = GracefulStop.install(Duration.ofMinutes(2));
        stop = s;
        if (stopEarly) {
            s.request();
        }
        try {
            List<TrainListener> listeners = List.of(new LiveCurves(job), s);
            if (settings == null) {
                job.say("resuming from the last checkpoint");
                job.history(MetricsLog.read(new RunDir(run.model())));
                TrainJob.resume(run.model(), 0, listeners);
            } else {
                job.say("preparing the images");
                int[] n = Snapshot.make(workspace, data, run.data(), SEED, threads);
                job.say("training on " + n[0] + " images, validating on " + n[1]);
                TrainJob.run(request(), listeners);
            }
            job.say("scoring the validation images");
            ValReview.compute(run, threads);
        } catch (RuntimeException e) {
            StudioMeta.read(run).withError(e.getMessage()).write(run);
            throw e;
        } finally {
            s.finished();
        }
    }

    private TrainRequest request() {
        DataConfig dc = new DataConfig(run.data().toString(), null, 0, 0, Snapshot.VAL_FRACTION, SEED, threads);
        TrainConfig cfg = TrainConfig.builder().epochs(settings.epochs()).lr(settings.lr()).seed(SEED).build();
        return new TrainRequest(dc, settings.arch(), settings.weights(), settings.parsedStrategy(), cfg,
                HeadSpec.parse("linear", 0.2f), settings.parsedAugment(), 3, 0.1f, run.model(), false, false, threads,
                null);
    }

    @Override
    public void stop() {
        stopEarly = true;
        GracefulStop s = stop;
        if (s != null) {
            s.request();
        }
    }

    @Override
    public boolean stoppable() {
        return true;
    }
}
