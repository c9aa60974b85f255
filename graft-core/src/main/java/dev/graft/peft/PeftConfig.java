package dev.graft.peft;

import java.util.List;

/**
 * Options of the parameter-efficient methods.
 *
 * @param rank LoRA rank r (default 8)
 * @param alpha LoRA scale numerator: the update is {@code (alpha / r)·B·A} (default 16)
 * @param targets LoRA target layers as module-path globs ({@code *} one path segment, {@code **}
 *     any), such as {@code layer4.*.conv*}; empty means the family's default (see
 *     {@link Lora#defaultTargets})
 * @param adapterReduction adapters squeeze C channels to {@code max(4, C / reduction)} (default 8)
 */
public record PeftConfig(int rank, float alpha, List<String> targets, int adapterReduction) {
    public static final PeftConfig DEFAULTS = new PeftConfig(8, 16f, List.of(), 8);

    public PeftConfig {
        if (rank < 1) {
            throw new IllegalArgumentException("LoRA rank must be >= 1, got " + rank + "; fix --lora-rank");
        }
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("LoRA alpha must be > 0, got " + alpha + "; fix --lora-alpha");
        }
        if (adapterReduction < 1) {
            throw new IllegalArgumentException("adapter reduction must be >= 1, got " + adapterReduction
                    + "; fix --adapter-reduction");
        }
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /** LoRA's scale {@code alpha / rank}. */
    public float scale() {
        return alpha / rank;
    }
}
