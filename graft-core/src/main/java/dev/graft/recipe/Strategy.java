package dev.graft.recipe;

import dev.graft.peft.Method;
import java.util.Locale;

/**
 * How much of a pretrained network a run changes, from nothing (a new network) to everything.
 *
 * @param kind the family
 * @param k for {@link Kind#PARTIAL}: how many stages above the stem stay frozen
 */
public record Strategy(Kind kind, int k) {
    /** The strategy families. */
    public enum Kind {
        /** Random initialisation; everything trains. The baseline transfer has to beat. */
        SCRATCH("scratch"),
        /** Backbone frozen and in inference mode; only the new head trains, on cached features. */
        LINEAR_PROBE("linear-probe"),
        /** Stem and the first K stages frozen; the rest and the head train. */
        PARTIAL("partial"),
        /** Head first with the backbone frozen, then everything with layer-wise learning rates. */
        FINE_TUNE("fine-tune"),
        /** Backbone frozen; low-rank updates of chosen layers and the head train. */
        LORA("lora"),
        /** Backbone frozen but for its biases and normalisation shifts, which train with the head. */
        BITFIT("bitfit"),
        /** Backbone frozen; bottleneck adapters after each stage and the head train. */
        ADAPTER("adapter");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static final Strategy SCRATCH = new Strategy(Kind.SCRATCH, 0);
    public static final Strategy LINEAR_PROBE = new Strategy(Kind.LINEAR_PROBE, 0);
    public static final Strategy FINE_TUNE = new Strategy(Kind.FINE_TUNE, 0);

    public static final Strategy LORA = new Strategy(Kind.LORA, 0);
    public static final Strategy BITFIT = new Strategy(Kind.BITFIT, 0);
    public static final Strategy ADAPTER = new Strategy(Kind.ADAPTER, 0);

    /** The parameter-efficient method this strategy trains with, or null for the others. */
    public Method peftMethod() {
        return switch (kind) {
            case LORA -> Method.LORA;
            case BITFIT -> Method.BITFIT;
            case ADAPTER -> Method.ADAPTER;
            default -> null;
        };
    }

    /** Whether this strategy starts from pretrained weights. */
    public boolean usesPretrained() {
        return kind != Kind.SCRATCH;
    }

    public static Strategy parse(String s) {
        String t = s.toLowerCase(Locale.ROOT).trim();
        if (t.startsWith("partial:")) {
            try {
                return new Strategy(Kind.PARTIAL, Integer.parseInt(t.substring(8)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad strategy '" + s + "': partial:K needs a number, e.g. partial:2");
            }
        }
        for (Kind k : Kind.values()) {
            if (k.label.equals(t) && k != Kind.PARTIAL) {
                return new Strategy(k, 0);
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + s
                + "': use scratch, linear-probe, partial:K, fine-tune, lora, bitfit or adapter");
    }

    @Override
    public String toString() {
        return kind == Kind.PARTIAL ? "partial:" + k : kind.label();
    }
}
