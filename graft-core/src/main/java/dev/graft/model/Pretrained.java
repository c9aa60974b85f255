package dev.graft.model;

import dev.graft.weights.Hashing;
import dev.graft.weights.Safetensors;
import dev.graft.weights.StateDict;
import dev.graft.weights.WeightsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Turns a {@code --weights} value (a registry tag or a file) into tensors and provenance. */
public final class Pretrained {
    private Pretrained() {}

    /**
     * Weights ready to load.
     *
     * @param dict the tensors
     * @param source what the user gave, or the tag's source
     * @param sha256 checksum of the file read
     * @param spec the registry entry, when a tag was given
     */
    public record Resolved(StateDict dict, String source, String sha256, PretrainedSpec spec) {}

    public static Resolved resolve(String weights) {
        var spec = PretrainedSpecs.find(weights);
        if (spec.isPresent()) {
            Path file = fetch(spec.get());
            return new Resolved(read(file), spec.get().tag(), sha(file), spec.get());
        }
        Path file = Path.of(weights);
        if (!Files.isRegularFile(file)) {
            throw new WeightsException(weights + ": no such weights file or registry tag; give a .safetensors "
                    + "file or a tag from graft models");
        }
        return new Resolved(read(file), file.toAbsolutePath().toString(), sha(file), null);
    }

    static StateDict read(Path file) {
        return Safetensors.read(file);
    }

    /** A local file holding the spec's weights; classpath weights are copied out once. */
    static Path fetch(PretrainedSpec spec) {
        String src = spec.source();
        if (src.startsWith("classpath:")) {
            String res = src.substring("classpath:".length());
            try (InputStream in = Pretrained.class.getResourceAsStream(res)) {
                if (in == null) {
                    throw new WeightsException(spec.tag() + ": weights resource " + res + " is missing from this "
                            + "build; rebuild Graft, or reproduce them with graft pretrain");
                }
                Path tmp = Files.createTempFile("graft-" + spec.tag(), ".safetensors");
                tmp.toFile().deleteOnExit();
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                return tmp;
            } catch (IOException e) {
                throw new WeightsException(spec.tag() + ": cannot read bundled weights (" + e.getMessage() + ")", e);
            }
        }
        throw new WeightsException(spec.tag() + ": weights at " + src + " need the hub client, which this build lacks");
    }

    private static String sha(Path file) {
        try {
            return Hashing.sha256(file);
        } catch (IOException e) {
            throw new WeightsException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
