package dev.graft.gen;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The pretrained source generators Graft ships inside graft-gen (a DDPM and a GAN trained on
 * Fashion-MNIST classes 0-4), by name. A name resolves to its run folder in the cache,
 * extracted from the classpath on first use; any other value is taken as a folder path.
 */
public final class GenBundled {
    /** The shipped generators. */
    public static final List<String> NAMES = List.of("ddpm-fmnist-src", "gan-fmnist-src");
    private static final List<String> FILES = List.of("graft.json", "model.safetensors", GenRun.DISCRIMINATOR,
            GenRun.SAMPLES);

    private GenBundled() {}

    /** A run folder for {@code --base}: a bundled name, or a path. */
    public static Path resolve(String base) {
        Path p = Path.of(base);
        if (Files.isDirectory(p) || !NAMES.contains(base)) {
            return p;
        }
        return extract(base);
    }

    /** The cached copy of a bundled generator, extracted if missing. */
    public static Path extract(String name) {
        Path dir = GenCache.resolve(name);
        if (Files.isRegularFile(dir.resolve("graft.json")) && Files.isRegularFile(dir.resolve("model.safetensors"))) {
            return dir;
        }
        try {
            Files.createDirectories(dir);
            for (String f : FILES) {
                try (InputStream in = GenBundled.class.getResourceAsStream("/dev/graft/gen/pretrained/" + name + "/" + f)) {
                    if (in == null) {
                        if (f.equals("graft.json") || f.equals("model.safetensors")) {
                            throw new IllegalStateException("this build lacks the bundled generator " + name
                                    + "; make one with 'graft gen pretrain' and give its folder as `base`");
                        }
                        continue;
                    }
                    Path tmp = Files.createTempFile(dir, "." + f, ".tmp");
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + name + " to " + dir + ": " + e.getMessage(), e);
        }
    }
}
