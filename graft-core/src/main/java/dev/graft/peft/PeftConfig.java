package dev.graft.peft;

import com.google.gson.annotations.SerializedName;
import java.util.List;

/**
 * Options of the parameter-efficient methods.
 *
 * <p>A run's {@code request.json} written before these names took the {@code lora} prefix still
 * reads: the old names are alternates.
 *
 * @param loraRank LoRA rank r (default 8)
 * @param loraAlpha LoRA scale numerator: the update is {@code (alpha / r)·B·A} (default 16)
 * @param loraTargets LoRA target layers as module-path globs ({@code *} one path segment, {@code **}
 *     any), such as {@code layer4.*.conv*}; empty means the family's default (see
 *     {@link Lora#defaultTargets})
 * @param adapterReduction adapters squeeze C channels to {@code max(4, C / reduction)} (default 8)
 */
public record PeftConfig(@SerializedName(value = "loraRank", alternate = "rank") int loraRank,
        @SerializedName(value = "loraAlpha", alternate = "alpha") float loraAlpha,
        @SerializedName(value = "loraTargets", alternate = "targets") List<String> loraTargets, int adapterReduction) {
    public static final PeftConfig DEFAULTS = new PeftConfig(8, 16f, List.of(), 8);

    public PeftConfig {
        if (loraRank < 1) {
            throw new IllegalArgumentException("LoRA rank must be >= 1, got " + loraRank + "; fix `loraRank`");
        }
        if (!(loraAlpha > 0)) {
            throw new IllegalArgumentException("LoRA alpha must be > 0, got " + loraAlpha + "; fix `loraAlpha`");
        }
        if (adapterReduction < 1) {
            throw new IllegalArgumentException("adapter reduction must be >= 1, got " + adapterReduction
                    + "; fix `adapterReduction`");
        }
        loraTargets = loraTargets == null ? List.of() : List.copyOf(loraTargets);
    }

    /** LoRA's scale {@code alpha / rank}. */
    public float scale() {
        return loraAlpha / loraRank;
    }
}
