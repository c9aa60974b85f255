package dev.graft.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * The one door to DJL's PyTorch engine. It sets the privacy and offline defaults before DJL reads
 * them, because DJL's engine start otherwise calls a cloud metadata address and may try to
 * download libtorch.
 */
public final class Engines {
    private static volatile boolean started;

    private Engines() {}

    /**
     * Sets {@code ai.djl.offline} and {@code OPT_OUT_TRACKING} unless the user set them, and the
     * libtorch intra-op thread count when {@code threads > 0}. Safe to call more than once; the
     * thread count only takes effect before the engine first starts.
     */
    public static synchronized Engine start(int threads) {
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

    /**
     * The thread count {@code GRAFT_THREADS} asks for, or 0 when it is not set.
     *
     * @return the count, or 0
     */
    public static int envThreads() {
        String env = System.getenv("GRAFT_THREADS");
        if (env == null || env.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(env.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GRAFT_THREADS must be a whole number, got '" + env + "'");
        }
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
