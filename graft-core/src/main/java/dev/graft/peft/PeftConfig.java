package dev.graft.peft;

import com.google.gson.annotations.SerializedName;
import dev.graft.check.Checks;
import java.util.List;

/**
 * Options of the parameter-efficient methods.
 *
 * <p>A run's {@code request.json} written before these names took the {@code lora} prefix still
 * reads: the old names are alternates.
 *
 * @param loraRank LoRA rank r, 1 to {@value #MAX_RANK} (default 8)
 * @param loraAlpha LoRA scale numerator, in (0, 1e6]: the update is {@code (alpha / r)·B·A} (default 16)
 * @param loraTargets LoRA target layers as module-path globs ({@code *} one path segment, {@code **}
 *     any), such as {@code layer4.*.conv*}; empty means the family's default (see
 *     {@link Lora#defaultTargets})
 * @param adapterReduction adapters squeeze C channels to {@code max(4, C / reduction)} (default 8)
 */
public record PeftConfig(@SerializedName(value = "loraRank", alternate = "rank") int loraRank,
        @SerializedName(value = "loraAlpha", alternate = "alpha") float loraAlpha,
        @SerializedName(value = "loraTargets", alternate = "targets") List<String> loraTargets, int adapterReduction) {
    public static final PeftConfig DEFAULTS = new PeftConfig(8, 16f, List.of(), 8);
    /** The largest LoRA rank and adapter reduction: far above any useful one, far below an int overflow. */
    public static final int MAX_RANK = 4096;

    public PeftConfig {
        Checks.range("loraRank", loraRank, 1, MAX_RANK);
        Checks.range("loraAlpha", loraAlpha, 0, true, 1e6, false);
        Checks.range("adapterReduction", adapterReduction, 1, MAX_RANK);
        loraTargets = loraTargets == null ? List.of() : List.copyOf(loraTargets);
    }

    /** LoRA's scale {@code alpha / rank}. */
    public float scale() {
        return loraAlpha / loraRank;
    }
}
