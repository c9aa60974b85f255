package dev.graft.gen;

import java.nio.file.Path;

/**
 * Where generative artefacts are cached: {@code <root>/gen}, where the root is the
 * {@code graft.cache} system property, else {@code $GRAFT_CACHE_DIR} (the cache every Graft
 * download uses), else {@code ~/.cache/graft}.
 */
public final class GenCache {
    private GenCache() {}

    public static Path dir() {
        String root = System.getProperty("graft.cache");
        if (root == null || root.isBlank()) {
            root = System.getenv("GRAFT_CACHE_DIR");
        }
        if (root == null || root.isBlank()) {
            root = System.getenv("GRAFT_CACHE"); // the name this class read before it matched the hub's
        }
        Path base = root == null || root.isBlank() ? Path.of(System.getProperty("user.home"), ".cache", "graft")
                : Path.of(root);
        return base.resolve("gen");
    }

    /** A cached run or file by name, e.g. {@code ddpm-fmnist-src}. */
    public static Path resolve(String name) {
        return dir().resolve(name);
    }
}
