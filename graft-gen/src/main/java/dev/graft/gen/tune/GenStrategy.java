package dev.graft.gen.tune;

import java.util.Locale;

/**
 * How a generator adapts to a new domain.
 *
 * @param kind the method
 * @param k stages frozen (freeze-lower, freezed) or LoRA rank (lora); 0 otherwise
 */
public record GenStrategy(Kind kind, int k) {
    /** The methods. */
    public enum Kind {
        /** Random weights, trained on the target images only: the baseline. */
        SCRATCH,
        /** Every weight of the pretrained generator trains. */
        FULL,
        /** The K stages nearest the generator's input stay frozen; the rest train. */
        FREEZE_LOWER,
        /** Low-rank adapters on every convolution and linear layer; the base weights stay frozen. */
        LORA,
        /** GAN only: the generator trains fully; the discriminator's K lowest stages stay frozen (FreezeD). */
        FREEZED
    }

    /** Default LoRA rank. */
    public static final int DEFAULT_RANK = 4;

    /** Parses {@code scratch}, {@code full}, {@code freeze-lower:K}, {@code lora[:r]} or {@code freezed:K}. */
    public static GenStrategy parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        int colon = v.indexOf(':');
        String name = colon < 0 ? v : v.substring(0, colon);
        Integer arg = null;
        if (colon >= 0) {
            try {
                arg = Integer.parseInt(v.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad strategy '" + s + "': the number after ':' must be an integer");
            }
        }
        GenStrategy out = switch (name) {
            case "scratch" -> new GenStrategy(Kind.SCRATCH, 0);
            case "full", "fine-tune" -> new GenStrategy(Kind.FULL, 0);
            case "freeze-lower" -> new GenStrategy(Kind.FREEZE_LOWER, arg == null ? 1 : arg);
            case "lora" -> new GenStrategy(Kind.LORA, arg == null ? DEFAULT_RANK : arg);
            case "freezed" -> new GenStrategy(Kind.FREEZED, arg == null ? 1 : arg);
            default -> throw new IllegalArgumentException("unknown strategy '" + s
                    + "': use scratch, full, freeze-lower:K, lora[:r] or freezed:K (GAN)");
        };
        if ((out.kind == Kind.SCRATCH || out.kind == Kind.FULL) && arg != null) {
            throw new IllegalArgumentException("strategy " + name + " takes no ':" + arg + "'");
        }
        if (out.kind != Kind.SCRATCH && out.kind != Kind.FULL && out.k < 1) {
            throw new IllegalArgumentException("strategy '" + s + "' needs a number >= 1 after ':'");
        }
        return out;
    }

    /** Whether it starts from a pretrained generator. */
    public boolean usesBase() {
        return kind != Kind.SCRATCH;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case SCRATCH -> "scratch";
            case FULL -> "full";
            case FREEZE_LOWER -> "freeze-lower:" + k;
            case LORA -> "lora:" + k;
            case FREEZED -> "freezed:" + k;
        };
    }
}
