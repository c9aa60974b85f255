package dev.graft.model;

import java.util.Locale;

/**
 * The shape of a new classification head.
 *
 * @param hidden width of the hidden layer, or 0 for a single Linear layer
 * @param dropout dropout before each Linear layer during training (0 disables it)
 */
public record HeadSpec(int hidden, float dropout) {
    public static final HeadSpec LINEAR = new HeadSpec(0, 0f);
    /** What a run gets unless told otherwise: one Linear layer after dropout 0.2. */
    public static final HeadSpec DEFAULT = new HeadSpec(0, 0.2f);

    public HeadSpec {
        if (hidden < 0) {
            throw new IllegalArgumentException("head hidden width must be >= 0, got " + hidden);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("head dropout must be in [0, 1), got " + dropout);
        }
    }

    /** Parses {@code linear} or {@code mlp:H}. */
    public static HeadSpec parse(String s, float dropout) {
        String t = s.toLowerCase(Locale.ROOT).trim();
        if (t.equals("linear")) {
            return new HeadSpec(0, dropout);
        }
        if (t.startsWith("mlp:")) {
            try {
                return new HeadSpec(Integer.parseInt(t.substring(4)), dropout);
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
