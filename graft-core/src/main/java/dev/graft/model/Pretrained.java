package dev.graft.model;

import dev.graft.hub.RemoteFile;
import dev.graft.hub.WeightSource;
import dev.graft.io.Hashing;
import dev.graft.weights.StateDict;
import dev.graft.weights.WeightLimitException;
import dev.graft.weights.Weights;
import dev.graft.weights.WeightsException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Turns a {@code --weights} value into tensors and provenance: a registry tag, a local file
 * (safetensors, sharded safetensors, or a PyTorch {@code .pth} read without running pickle code),
 * an {@code https://} URL or {@code hf://org/repo[/file]} (downloaded once into the cache).
 */
public final class Pretrained {
    private Pretrained() {}

    /**
     * Weights ready to load.
     *
     * @param dict the tensors
     * @param source what the user gave, or the tag
     * @param sha256 checksum of the file read
     * @param spec the registry entry, when a tag was given
     */
    public record Resolved(StateDict dict, String source, String sha256, PretrainedSpec spec) {}

    public static Resolved resolve(String weights) {
        return resolve(weights, WeightSource.defaults());
    }

    public static Resolved resolve(String weights, WeightSource hub) {
        var spec = PretrainedSpecs.find(weights);
        if (spec.isPresent()) {
            Path file = fetch(spec.get(), hub);
            return new Resolved(load(file, hub), spec.get().tag(), sha(file), spec.get());
        }
        Path file = hub.resolve(weights);
        return new Resolved(load(file, hub), weights, sha(file), null);
    }

    /**
     * Reads a file; when a download from the cache cannot be read (a transfer that delivered the
     * wrong bytes), it is set aside so the next run fetches it again rather than fail forever.
     */
    private static StateDict load(Path file, WeightSource hub) {
        try {
            return Weights.load(file);
        } catch (WeightLimitException e) {
            throw e; // the file may be fine; raising the limit reads it, so keep it
        } catch (WeightsException e) {
            if (hub.setAside(file).isEmpty()) {
                throw e;
            }
            throw new WeightsException(e.getMessage() + " (the downloaded copy was moved to " + file.getFileName()
                    + ".unreadable, so the next run downloads it again)", e);
        }
    }

    /** A local file holding the spec's weights; bundled weights are copied out of the jar once. */
    static Path fetch(PretrainedSpec spec, WeightSource hub) {
        String src = spec.source();
        if (!src.startsWith("classpath:")) {
            // torchvision publishes only the first hex digits of a file's sha256: check those after download
            Path file = hub.fetch(new RemoteFile(URI.create(src), spec.sha256IsPrefix() ? null : spec.sha256()),
                    spec.tag());
            String actual = sha(file);
            if (actual != null && !spec.sha256Matches(actual)) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // the mismatch is the error worth reporting
                }
                throw new WeightsException(spec.tag() + ": downloaded file has sha256 " + actual + ", but the registry "
                        + "expects one starting with " + spec.sha256() + "; the bad file was deleted, try again");
            }
            return file;
        }
        String res = src.substring("classpath:".length());
        try (InputStream in = Pretrained.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new WeightsException(spec.tag() + ": weights resource " + res + " is missing from this "
                        + "build; rebuild Graft, or reproduce them with graft pretrain");
            }
            Path tmp = Files.createTempFile("graft-" + spec.tag(), ".safetensors");
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            if (!spec.sha256Matches(Hashing.sha256(tmp))) {
                throw new WeightsException(spec.tag() + ": bundled weights do not match their registered sha256 "
                        + spec.sha256() + "; the build is damaged, rebuild Graft");
            }
            return tmp;
        } catch (IOException e) {
            throw new WeightsException(spec.tag() + ": cannot read bundled weights (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Whether a registered spec's weights are on this machine now, so resolving it makes no
     * request: shipped inside Graft, or already downloaded into {@code hub}'s cache.
     *
     * @param spec a registry entry
     * @param hub the weight source whose cache to look in
     * @return true when {@link #resolve} would need no network
     */
    public static boolean availableOffline(PretrainedSpec spec, WeightSource hub) {
        String src = spec.source();
        if (src.startsWith("classpath:")) {
            return Pretrained.class.getResource(src.substring("classpath:".length())) != null;
        }
        URI uri = src.startsWith("hf://") ? WeightSource.huggingFaceUrl(src) : URI.create(src);
        return Files.isRegularFile(hub.cachePath(uri));
    }

    private static String sha(Path file) {
        try {
            return Files.isDirectory(file) ? null : Hashing.sha256(file);
        } catch (IOException e) {
            throw new WeightsException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
