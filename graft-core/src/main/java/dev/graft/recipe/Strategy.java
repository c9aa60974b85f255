package dev.graft.recipe;

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
        FINE_TUNE("fine-tune");

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
                + "': use scratch, linear-probe, partial:K or fine-tune");
    }

    @Override
    public String toString() {
        return kind == Kind.PARTIAL ? "partial:" + k : kind.label();
    }
}
