package dev.graft.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.graft.check.Checks;

/**
 * The one door to DJL's PyTorch engine. It sets the privacy and offline defaults before DJL reads
 * them, because DJL's engine start otherwise calls a cloud metadata address and may try to
 * download libtorch.
 */
public final class Engines {
    /** Threads allowed per core: libtorch with thousands of threads hangs the machine instead of failing. */
    public static final int THREADS_PER_CORE = 4;
    private static volatile boolean started;

    private Engines() {}

    /**
     * Sets {@code ai.djl.offline} and {@code OPT_OUT_TRACKING} unless the user set them, and the
     * libtorch intra-op thread count when {@code threads > 0}. Safe to call more than once; the
     * thread count only takes effect before the engine first starts.
     */
    public static synchronized Engine start(int threads) {
        checkThreads("threads", threads, true);
        defaultProperty("ai.djl.offline", "true");
        defaultProperty("OPT_OUT_TRACKING", "true");
        if (threads > 0 && !started) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        } else if (!started) {
            defaultProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        Engine engine = Engine.getEngine("PyTorch");
        started = true;
        return engine;
    }

    /** Starts the engine with the thread count from {@code GRAFT_THREADS}, or libtorch's default. */
    public static Engine start() {
        return start(envThreads());
    }

    /** {@code GRAFT_THREADS} as a checked count, 0 when unset. */
    public static int envThreads() {
        String env = System.getenv("GRAFT_THREADS");
        if (env == null || env.isBlank()) {
            return 0;
        }
        try {
            return checkThreads("GRAFT_THREADS", Integer.parseInt(env.trim()), true);
        } catch (NumberFormatException e) {
            throw Checks.fail("GRAFT_THREADS", threadRange(true), "'" + env + "'");
        }
    }

    /** The most threads any option accepts: {@value #THREADS_PER_CORE} per core. */
    public static int maxThreads() {
        return THREADS_PER_CORE * Runtime.getRuntime().availableProcessors();
    }

    /**
     * A thread count as commands take it: 0 means every core; otherwise 1 to {@link #maxThreads}.
     * Returns the count to use.
     */
    public static int effectiveThreads(int requested) {
        checkThreads("threads", requested, true);
        return requested > 0 ? requested : Runtime.getRuntime().availableProcessors();
    }

    /**
     * Checks a thread count: 1 to {@link #maxThreads}, or also 0 (libtorch's default, every core)
     * when {@code zeroAllowed}.
     */
    public static int checkThreads(String name, int threads, boolean zeroAllowed) {
        if (threads < (zeroAllowed ? 0 : 1) || threads > maxThreads()) {
            throw Checks.fail(name, threadRange(zeroAllowed), Integer.toString(threads));
        }
        return threads;
    }

    /**
     * The thread count a run uses unless told otherwise: {@code GRAFT_THREADS} when set, else
     * every core.
     *
     * @return a thread count, at least 1
     */
    public static int defaultThreads() {
        int n = envThreads();
        return n > 0 ? n : Runtime.getRuntime().availableProcessors();
    }

    private static String threadRange(boolean zeroAllowed) {
        int cores = Runtime.getRuntime().availableProcessors();
        return "in [" + (zeroAllowed ? 0 : 1) + ", " + maxThreads() + "] (" + (zeroAllowed ? "0 = all " + cores
                + " cores; " : "") + "at most " + THREADS_PER_CORE + " per core on this " + cores + "-core machine)";
    }

    public static NDManager newManager() {
        return start().newBaseManager();
    }

    /** Seeds libtorch's global generator, which dropout draws from. */
    public static void seed(long seed) {
        start().setRandomSeed((int) (seed ^ (seed >>> 32)));
    }

    /** The libtorch version in use, for provenance. */
    public static String libtorchVersion() {
        return start().getVersion();
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) {
            System.setProperty(key, value);
        }
    }
}
