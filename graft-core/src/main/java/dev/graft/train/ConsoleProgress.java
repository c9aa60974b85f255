package dev.graft.train;

import java.io.PrintStream;

/**
 * Training progress for people: on a terminal, a live bar with the running loss and the ETA of the
 * phase; elsewhere (logs, CI), one line per epoch; and a line as each phase begins and ends. The
 * command line shows it on stderr; a program adds it with
 * {@code FineTuning.Builder.optListener(new ConsoleProgress(System.err))}.
 */
public final class ConsoleProgress implements TrainListener {
    private static final int WIDTH = 28;
    private final PrintStream err;
    private final boolean live;
    private long phaseStart;
    private long lastDraw;
    private double emaLoss = Double.NaN;
    private long stepInPhase;

    /**
     * Progress to a stream; the live bar only when the process has a console.
     *
     * @param err where to print, usually {@code System.err}
     */
    public ConsoleProgress(PrintStream err) {
        this.err = err;
        this.live = System.console() != null;
    }

    @Override
    public void onTrainBegin(TrainContext ctx) {
        phaseStart = System.nanoTime();
        stepInPhase = 0;
        emaLoss = Double.NaN;
        err.printf("[%s] %d epochs, %d steps each, %,d trainable parameters%n", ctx.phase(), ctx.epochs(),
                ctx.stepsPerEpoch(), ctx.model().countTrainable());
    }

    @Override
    public void onStepEnd(TrainContext ctx, long step, double loss) {
        stepInPhase++;
        emaLoss = Double.isNaN(emaLoss) ? loss : 0.9 * emaLoss + 0.1 * loss;
        long now = System.nanoTime();
        if (!live || now - lastDraw < 150_000_000L) {
            return;
        }
        lastDraw = now;
        long total = ctx.stepsPerEpoch() * ctx.epochs();
        double frac = Math.min(1.0, (double) stepInPhase / Math.max(1, total));
        double elapsed = (now - phaseStart) / 1e9;
        double eta = frac > 0 ? elapsed / frac - elapsed : 0;
        int filled = (int) Math.round(frac * WIDTH);
        err.printf("\r[%s] %s%s %3.0f%%  loss %.4f  ETA %s   ", ctx.phase(), "#".repeat(filled),
                ".".repeat(WIDTH - filled), frac * 100, emaLoss, clock(eta));
        err.flush();
    }

    @Override
    public void onEpochEnd(TrainContext ctx, EpochMetrics m) {
        if (live) {
            err.print("\r" + " ".repeat(WIDTH + 60) + "\r");
        }
        err.printf("[%s] epoch %d/%d  loss %.4f  acc %.3f  val_loss %.4f  val_acc %.3f  lr %.2e  %.1fs  %.0f img/s%n",
                m.phase(), m.epoch(), ctx.epochs(), m.trainLoss(), m.trainAcc(), m.valLoss(), m.valAcc(), m.lr(),
                m.seconds(), m.imagesPerSecond());
    }

    @Override
    public void onTrainEnd(TrainContext ctx, TrainResult r) {
        err.printf("[%s] done in %s: best epoch %d (val_loss %.4f, val_acc %.3f)%s%n", ctx.phase(), clock(r.seconds()),
                r.bestEpoch(), r.bestValLoss(), r.bestValAcc(), r.stopReason() == null ? "" : "; " + r.stopReason());
    }

    /**
     * A duration as m:ss, or h:mm:ss from an hour up.
     *
     * @param seconds the duration
     * @return the clock text
     */
    public static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
