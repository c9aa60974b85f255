package dev.graft.studio.results;

import dev.graft.studio.jobs.Job;
import dev.graft.train.EpochMetrics;
import dev.graft.train.TrainContext;
import dev.graft.train.TrainListener;

/** Hands training's events to the job, which passes them to every open page. */
final class LiveCurves implements TrainListener {
    private final Job job;

    LiveCurves(Job job) {
        this.job = job;
    }

    @Override
    public void onTrainBegin(TrainContext ctx) {
        job.phase(ctx.phase(), ctx.epochs(), ctx.stepsPerEpoch());
        job.say("training: " + ctx.phase());
    }

    @Override
    public void onEpochBegin(TrainContext ctx, int epoch) {
        job.epochBegins(epoch);
    }

    @Override
    public void onStepEnd(TrainContext ctx, long step, double loss) {
        job.step(loss);
    }

    @Override
    public void onEpochEnd(TrainContext ctx, EpochMetrics metrics) {
        job.epochEnds(metrics);
    }
}
