package dev.graft.peft;

import java.util.Locale;

/** The parameter-efficient methods Graft offers. */
public enum Method {
    /** Low-rank updates of Linear and Conv2d weights (Hu et al. 2021). */
    LORA("lora"),
    /** Biases and normalisation shifts only (Ben Zaken et al. 2021). */
    BITFIT("bitfit"),
    /** Bottleneck residual modules after each stage (Houlsby et al. 2019). */
    ADAPTER("adapter");

    private final String label;

    Method(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The method with this label, as written in {@code graft.json}. */
    public static Method parse(String s) {
        for (Method m : values()) {
            if (m.label.equals(s.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown parameter-efficient method '" + s + "': use lora, bitfit or adapter");
    }
}
