package dev.graft.gen;

import java.nio.file.Path;

/**
 * Where generative artefacts are cached: {@code <graft.cache>/gen} (system property), else
 * {@code $GRAFT_CACHE/gen}, else {@code ~/.cache/graft/gen}.
 */
public final class GenCache {
    private GenCache() {}

    public static Path dir() {
        String env = System.getProperty("graft.cache", System.getenv("GRAFT_CACHE"));
        Path root = env == null || env.isBlank() ? Path.of(System.getProperty("user.home"), ".cache", "graft")
                : Path.of(env);
        return root.resolve("gen");
    }

    /** A cached run or file by name, e.g. {@code ddpm-fmnist-src}. */
    public static Path resolve(String name) {
        return dir().resolve(name);
    }
}
