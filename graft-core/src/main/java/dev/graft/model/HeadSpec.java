package dev.graft.model;

import dev.graft.check.Checks;
import java.util.Locale;

/**
 * The shape of a new classification head.
 *
 * @param hidden width of the hidden layer, 0 to {@value #MAX_HIDDEN}, or 0 for a single Linear layer
 * @param dropout dropout before each Linear layer during training (0 disables it)
 */
public record HeadSpec(int hidden, float dropout) {
    public static final HeadSpec LINEAR = new HeadSpec(0, 0f);
    /** What a run gets unless told otherwise: one Linear layer after dropout 0.2. */
    public static final HeadSpec DEFAULT = new HeadSpec(0, 0.2f);
    /** The widest hidden layer: wider ones only waste memory, and their sizes overflow an int soon after. */
    public static final int MAX_HIDDEN = 65536;

    public HeadSpec {
        Checks.range("hidden", hidden, 0, MAX_HIDDEN);
        Checks.fraction("dropout", dropout);
    }

    /** Parses {@code linear} or {@code mlp:H}. */
    public static HeadSpec parse(String s, float dropout) {
        String t = s.toLowerCase(Locale.ROOT).trim();
        if (t.equals("linear")) {
            return new HeadSpec(0, dropout);
        }
        if (t.startsWith("mlp:")) {
            try {
                return new HeadSpec((int) Checks.range("hidden", Long.parseLong(t.substring(4)), 0, MAX_HIDDEN),
                        dropout);
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException("unknown head '" + s + "': use linear or mlp:H (e.g. mlp:256)");
    }

    public String describe() {
        return (hidden == 0 ? "linear" : "mlp:" + hidden) + (dropout > 0 ? " dropout " + dropout : "");
    }
}
