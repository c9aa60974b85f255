package dev.graft.cli;

import dev.graft.study.Cell;
import dev.graft.study.CellResult;
import dev.graft.study.StudyContext;
import dev.graft.study.StudyListener;
import dev.graft.study.StudyPlan;
import dev.graft.study.StudyRecord;
import dev.graft.train.ConsoleProgress;
import dev.graft.train.EpochMetrics;
import dev.graft.train.TrainContext;
import dev.graft.train.TrainListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Study progress on stderr: the plan and estimate up front, then the overall bar with the current
 * cell and its epoch on a terminal, or one line per cell in logs.
 */
final class StudyProgress implements StudyListener, TrainListener {
    private static final int WIDTH = 24;
    private final PrintStream err;
    private final boolean live;
    private Cell cell;
    private StudyListener.Progress progress;
    private int index;
    private long cellStart;

    StudyProgress(PrintStream err) {
        this.err = err;
        this.live = System.console() != null;
    }

    @Override
    public void onPlan(StudyContext ctx, StudyPlan plan) {
        var c = ctx.config();
        err.printf("study: %d cells = %d strategies × %d sizes × %d seeds; %d already finished%n",
                plan.cells().size(), c.strategies().size(), c.sizes().size(), c.seeds(), plan.finished().size());
        if (plan.calibration() != null) {
            err.printf(Locale.ROOT, "calibration: %.0f training and %.0f inference images/s on this machine "
                    + "(measured in %.1f s)%n", plan.calibration().trainImagesPerSecond(),
                    plan.calibration().forwardImagesPerSecond(), plan.calibration().seconds());
            err.printf("estimate: at most %s for the %d cells left (early stopping usually ends cells sooner)%n",
                    ConsoleProgress.clock(plan.estimateSeconds()), plan.remaining());
        }
    }

    @Override
    public void onCellBegin(StudyContext ctx, Cell c, StudyListener.Progress p) {
        cell = c;
        progress = p;
        index = p.done() + 1;
        cellStart = System.nanoTime();
        if (!live) {
            err.printf("[%d/%d] %s, %s/class, seed %d ...%n", index, p.total(), c.strategy(),
                    Cell.sizeLabel(c.perClass()), c.seed());
        }
    }

    @Override
    public void onEpochEnd(TrainContext ctx, EpochMetrics m) {
        if (!live || cell == null) {
            return;
        }
        double inCell = (System.nanoTime() - cellStart) / 1e9;
        StudyListener.Progress now = new StudyListener.Progress(progress.done(), progress.total(),
                progress.elapsedSeconds() + inCell, Math.max(0, progress.etaSeconds() - inCell));
        err.printf("\r%s  [%d/%d] %s %s/class seed %d: %s epoch %d/%d val_acc %.3f   ", bar(now), index,
                progress.total(), cell.strategy(), Cell.sizeLabel(cell.perClass()), cell.seed(), m.phase(),
                m.epoch(), ctx.epochs(), m.valAcc());
        err.flush();
    }

    @Override
    public void onCellEnd(StudyContext ctx, CellResult r, StudyListener.Progress p) {
        progress = p;
        if (live) {
            err.print("\r" + " ".repeat(WIDTH + 110) + "\r");
        }
        err.printf(Locale.ROOT, "[%d/%d] %s, %s/class, seed %d: test acc %.1f%%, %.1f s, best epoch %d of %d  %s%n",
                p.done(), p.total(), r.strategy(), Cell.sizeLabel(r.perClass()), r.seed(), 100 * r.testAccuracy(),
                r.trainSeconds(), r.bestEpoch(), r.epochsRun(), bar(p));
    }

    @Override
    public void onStudyEnd(StudyContext ctx, StudyRecord record) {
        cell = null;
    }

    private static String bar(StudyListener.Progress p) {
        double frac = p.total() == 0 ? 1 : (double) p.done() / p.total();
        int filled = (int) Math.round(frac * WIDTH);
        return String.format(Locale.ROOT, "study %s%s %3.0f%% ETA %s", "#".repeat(filled), ".".repeat(WIDTH - filled),
                100 * frac, ConsoleProgress.clock(p.etaSeconds()));
    }
}
