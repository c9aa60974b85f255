package dev.graft.train;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ctrl-C (SIGINT) and SIGTERM without damage. Killing a JVM while libtorch runs a kernel can
 * crash it in native code during shutdown (seen here as a SIGSEGV in
 * {@code dnnl_primitive_execute}). This listener's shutdown hook instead asks the running trainer
 * to stop after its current step and holds the JVM (up to a bound) until the job has checkpointed,
 * restored the best weights and written the run folder, marked {@value #REASON}.
 *
 * <p>Use: {@code stop = GracefulStop.install(...)}, pass {@code stop} among the listeners, and call
 * {@link #finished()} once the job's results are out.
 */
public final class GracefulStop implements TrainListener {
    /** The stop reason a run records when the user stopped it. */
    public static final String REASON = "stopped by user";
    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Duration wait;
    private volatile TrainContext current;
    private volatile boolean requested;
    private Thread hook;

    private GracefulStop(Duration wait) {
        this.wait = wait;
    }

    /**
     * Registers the shutdown hook.
     *
     * @param wait how long the hook holds the JVM for the job to finish writing (default in the CLI: 120 s)
     */
    public static GracefulStop install(Duration wait) {
        GracefulStop s = new GracefulStop(wait);
        s.hook = new Thread(s::onSignal, "graft-graceful-stop");
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    private void onSignal() {
        if (finished.getCount() == 0) {
            return;
        }
        LOG.warn("graft: stopping after the current step; saving the run (waiting up to " + wait.toSeconds()
                + " s)");
        request();
        try {
            if (!finished.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("graft: the run did not finish saving in " + wait.toSeconds() + " s; exiting anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the running trainer, and any phase that would start later, to stop. */
    public void request() {
        requested = true;
        TrainContext ctx = current;
        if (ctx != null) {
            ctx.requestStop(REASON);
        }
    }

    public boolean requested() {
        return requested;
    }

    @Override
    public void onTrainBegin(TrainContext ctx) {
        current = ctx;
        if (requested) {
            ctx.requestStop(REASON); // a later phase of a recipe must not start after a stop
        }
    }

    @Override
    public void onTrainEnd(TrainContext ctx, TrainResult result) {
        current = null;
    }

    /** The job's files are written: the hook may let the JVM exit. Removes the hook if still possible. */
    public void finished() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running and returns now
        }
    }
}
