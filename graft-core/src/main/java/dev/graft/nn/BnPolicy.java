package dev.graft.nn;

/**
 * What BatchNorm layers do while the network trains. Frozen layers never update their running
 * statistics, whatever the policy: a frozen stage must compute exactly what it computed before.
 */
public enum BnPolicy {
    /** Trainable BatchNorm layers normalise with batch statistics and update running statistics. */
    TRAIN,
    /** Every BatchNorm layer uses its running statistics; its scale and shift may still train. */
    FREEZE_STATS,
    /** As FREEZE_STATS, and scale and shift are frozen too. */
    FREEZE_ALL;

    public static BnPolicy parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT).replace('_', '-')) {
            case "train" -> TRAIN;
            case "freeze-stats", "freeze_stats", "eval" -> FREEZE_STATS;
            case "freeze-all", "freeze" -> FREEZE_ALL;
            default -> throw new IllegalArgumentException(
                    "unknown BatchNorm policy '" + s + "': use train, freeze-stats or freeze-all");
        };
    }
}
