package dev.graft.peft;

import dev.graft.check.Checks;
import java.util.List;

/**
 * Options of the parameter-efficient methods.
 *
 * @param rank LoRA rank r, 1 to {@value #MAX_RANK} (default 8)
 * @param alpha LoRA scale numerator, in (0, 1e6]: the update is {@code (alpha / r)·B·A} (default 16)
 * @param targets LoRA target layers as module-path globs ({@code *} one path segment, {@code **}
 *     any), such as {@code layer4.*.conv*}; empty means the family's default (see
 *     {@link Lora#defaultTargets})
 * @param adapterReduction adapters squeeze C channels to {@code max(4, C / reduction)} (default 8)
 */
public record PeftConfig(int rank, float alpha, List<String> targets, int adapterReduction) {
    public static final PeftConfig DEFAULTS = new PeftConfig(8, 16f, List.of(), 8);
    /** The largest LoRA rank and adapter reduction: far above any useful one, far below an int overflow. */
    public static final int MAX_RANK = 4096;

    public PeftConfig {
        Checks.range("rank", rank, 1, MAX_RANK);
        Checks.range("alpha", alpha, 0, true, 1e6, false);
        Checks.range("adapterReduction", adapterReduction, 1, MAX_RANK);
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /** LoRA's scale {@code alpha / rank}. */
    public float scale() {
        return alpha / rank;
    }
}
