package dev.graft.studio.results;

import dev.graft.Graft;
import dev.graft.TrainedModel;
import dev.graft.job.Trusted;
import dev.graft.run.MetricsLog;
import dev.graft.run.RunDir;
import dev.graft.source.ImageFolder;
import dev.graft.studio.jobs.Job;
import dev.graft.studio.jobs.Task;
import dev.graft.studio.project.Dataset;
import dev.graft.studio.project.Workspace;
import dev.graft.train.GracefulStop;
import java.time.Duration;

/**
 * Trains one run through graft-core's public API ({@link Graft#fineTune}), or resumes an
 * interrupted one ({@link Graft#resume}), then reviews its validation images. Stopping goes
 * through the library's own stop ({@link GracefulStop}): training ends after its current step,
 * the best weights are restored and saved, the checkpoint stays, and the run can be resumed. The
 * same stop runs when the Studio itself is stopped with Ctrl-C.
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
            TrainedModel model;
            if (settings == null) {
                job.say("resuming from the last checkpoint");
                job.history(MetricsLog.read(new RunDir(run.model())));
                model = Graft.resume(run.model(), trusted(StudioMeta.read(run).settings()), new LiveCurves(job), s);
            } else {
                job.say("preparing the images");
                int[] n = Snapshot.make(workspace, data, run.data(), SEED, threads);
                job.say("training on " + n[0] + " images, validating on " + n[1]);
                // the library's defaults (head epochs, layer-wise rates, head) but for the form's few options
                model = Graft.fineTune(ImageFolder.builder().setRoot(run.data()).optValFraction(Snapshot.VAL_FRACTION)
                                .build())
                        .setModel(settings.arch()).setWeights(settings.weights()).optStrategy(settings.parsedStrategy())
                        .optEpochs(settings.epochs()).optLr(settings.lr()).optAugment(settings.parsedAugment())
                        .optSeed(SEED).optThreads(threads).optOut(run.model()).optListener(new LiveCurves(job))
                        .optListener(s).fit();
            }
            try (model) {
                job.say("scoring the validation images");
                ValReview.compute(run, model, threads);
            }
        } catch (RuntimeException e) {
            StudioMeta.read(run).withError(e.getMessage()).write(run);
            throw e;
        } finally {
            s.finished();
        }
    }

    /**
     * The weights file a run started from, which resuming may read only when named (a run folder
     * never makes Graft open a file outside it by itself); a registry tag needs nothing.
     */
    static Trusted trusted(java.util.Map<String, Object> form) {
        Object file = form == null ? null : form.get("weightsFile");
        return Options.FILE.equals(form == null ? null : form.get("backbone")) && file != null
                ? Trusted.base(file.toString()) : Trusted.NONE;
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
