package dev.graft.gen;

import dev.graft.hub.WeightSource;
import java.nio.file.Path;

/**
 * Where generative artefacts are cached: {@code <root>/gen}, where the root is the
 * {@code graft.cache} system property, else Graft's cache root ({@link WeightSource#defaultCacheDir}).
 */
public final class GenCache {
    private GenCache() {}

    public static Path dir() {
        String root = System.getProperty("graft.cache");
        Path base = root == null || root.isBlank() ? WeightSource.defaultCacheDir(System.getenv()) : Path.of(root);
        return base.resolve("gen");
    }

    /** A cached run or file by name, e.g. {@code ddpm-fmnist-src}. */
    public static Path resolve(String name) {
        return dir().resolve(name);
    }
}
