package dev.graft.weights;

import dev.graft.Settings;
import java.nio.file.Path;

/**
 * How far a weights reader goes before it refuses a file as hostile or absurd. Every limit is
 * checked from what the file declares, before the memory it would need is allocated, and a
 * refusal is a one-line {@link WeightsException} that names the file, the limit and the setting
 * that raises it. The defaults sit far above any real checkpoint.
 *
 * @param maxDepth deepest nesting of containers in a pickle (dicts in dicts, tuples in tuples);
 *     default {@value #DEFAULT_MAX_DEPTH}, setting {@code GRAFT_MAX_PICKLE_DEPTH}
 * @param maxObjects most objects a pickle may create, and most container entries its result may
 *     expand to when shared parts are counted each time they are reached (memo fan-out); default
 *     {@value #DEFAULT_MAX_OBJECTS}, setting {@code GRAFT_MAX_PICKLE_OBJECTS}
 * @param maxTensors most tensors one file may name; default {@value #DEFAULT_MAX_TENSORS}, setting
 *     {@code GRAFT_MAX_TENSORS}
 * @param maxExpansion how many times its own size a file may ask for in memory: the bytes of its
 *     storages plus the float32 copies of its tensors, plus a fixed {@value #EXPANSION_SLACK_BYTES}
 *     bytes for small files; default {@value #DEFAULT_MAX_EXPANSION}, setting
 *     {@code GRAFT_MAX_WEIGHT_EXPANSION}
 */
public record WeightLimits(int maxDepth, long maxObjects, int maxTensors, int maxExpansion) {
    /** Python's own pickler stops near 1,000 levels; real state dicts nest fewer than 10. */
    public static final int DEFAULT_MAX_DEPTH = 100;
    /** A checkpoint with 100,000 tensors creates about 2 million objects. */
    public static final long DEFAULT_MAX_OBJECTS = 5_000_000;
    /** Real single files hold up to a few thousand tensors (a sharded index counts per shard). */
    public static final int DEFAULT_MAX_TENSORS = 100_000;
    /** float16 doubles on reading, int8 quadruples, tied weights share one storage: 16 covers them all. */
    public static final int DEFAULT_MAX_EXPANSION = 16;
    /** Added to every file's allowance so tiny files with tied or expanded tensors still load. */
    public static final long EXPANSION_SLACK_BYTES = 64L << 20;

    public static final String DEPTH_SETTING = "GRAFT_MAX_PICKLE_DEPTH";
    public static final String OBJECTS_SETTING = "GRAFT_MAX_PICKLE_OBJECTS";
    public static final String TENSORS_SETTING = "GRAFT_MAX_TENSORS";
    public static final String EXPANSION_SETTING = "GRAFT_MAX_WEIGHT_EXPANSION";

    public WeightLimits {
        if (maxDepth < 1 || maxObjects < 1 || maxTensors < 1 || maxExpansion < 1) {
            throw new IllegalArgumentException("weight limits must be positive, got " + maxDepth + ", " + maxObjects
                    + ", " + maxTensors + ", " + maxExpansion);
        }
    }

    /** The built-in defaults, ignoring the environment. */
    public static WeightLimits builtIn() {
        return new WeightLimits(DEFAULT_MAX_DEPTH, DEFAULT_MAX_OBJECTS, DEFAULT_MAX_TENSORS, DEFAULT_MAX_EXPANSION);
    }

    /** The defaults, each replaced by its setting when one is given (see {@link Settings}). */
    public static WeightLimits fromEnvironment() {
        return new WeightLimits(
                (int) Settings.number(DEPTH_SETTING, DEFAULT_MAX_DEPTH, 1, 100_000),
                Settings.number(OBJECTS_SETTING, DEFAULT_MAX_OBJECTS, 1, Long.MAX_VALUE),
                (int) Settings.number(TENSORS_SETTING, DEFAULT_MAX_TENSORS, 1, Integer.MAX_VALUE),
                (int) Settings.number(EXPANSION_SETTING, DEFAULT_MAX_EXPANSION, 1, 1 << 20));
    }

    public WeightLimits withMaxDepth(int v) {
        return new WeightLimits(v, maxObjects, maxTensors, maxExpansion);
    }

    public WeightLimits withMaxObjects(long v) {
        return new WeightLimits(maxDepth, v, maxTensors, maxExpansion);
    }

    public WeightLimits withMaxTensors(int v) {
        return new WeightLimits(maxDepth, maxObjects, v, maxExpansion);
    }

    public WeightLimits withMaxExpansion(int v) {
        return new WeightLimits(maxDepth, maxObjects, maxTensors, v);
    }

    /** The memory a file of {@code fileBytes} may ask for: {@code maxExpansion} times it, plus the slack. */
    public long memoryAllowance(long fileBytes) {
        long scaled = fileBytes > Long.MAX_VALUE / maxExpansion ? Long.MAX_VALUE : fileBytes * maxExpansion;
        return scaled > Long.MAX_VALUE - EXPANSION_SLACK_BYTES ? Long.MAX_VALUE : scaled + EXPANSION_SLACK_BYTES;
    }

    /** The refusal for a file past one limit: what it declares, the limit, and how to raise it. */
    static WeightLimitException exceeded(Path file, String what, Object limit, String setting) {
        return new WeightLimitException(file + ": refused: " + what + ", past the limit of " + limit
                + "; if you trust the file, raise " + setting + " (environment variable or -D" + setting + ")");
    }
}
