package dev.graft.gen;

import java.util.Locale;

/** The generator families Graft trains. */
public enum GenKind {
    /** A denoising diffusion model (UNet, DDPM objective, DDIM sampling). */
    DDPM,
    /** A DCGAN-style generative adversarial network. */
    GAN;

    public static GenKind parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "ddpm", "diffusion" -> DDPM;
            case "gan", "dcgan" -> GAN;
            default -> throw new IllegalArgumentException("unknown generator '" + s + "': use `model` ddpm or gan");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
