package dev.graft.gen;

import dev.graft.gen.ddpm.Ddpm;
import dev.graft.gen.gan.Gan;
import dev.graft.gen.tune.GenLora;
import dev.graft.run.Versions;
import dev.graft.io.Hashing;
import dev.graft.weights.Safetensors;
import dev.graft.weights.StateDict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a trained generator into its run folder: weights, provenance and a sample grid. */
final class GenSaver {
    /** Images in the {@code samples.png} every run gets. */
    static final int GRID_IMAGES = 64;

    private GenSaver() {}

    static GenInfo save(GenRun run, GenModel model, GenInfo.Base base, String strategy, Map<String, String> config,
            long seed, String spec, GenData data, GenTrainer.Result result, Map<String, Double> extra) {
        Generator g = model.generator();
        Map<String, String> files = new LinkedHashMap<>();
        StateDict adapters = GenLora.adapters(g.network());
        write(run.model(), GenLora.merged(g.network()), files);
        if (adapters.size() > 0) {
            write(run.adapters(), adapters, files);
        }
        if (g instanceof Gan gan) {
            write(run.discriminator(), gan.discriminator().stateDict(), files);
        }
        GenGrid.write(g.sample(GRID_IMAGES, 0), GRID_IMAGES, data.train().size(), 8, 2, run.file(GenRun.SAMPLES));
        Map<String, Double> res = new LinkedHashMap<>();
        res.put("steps", (double) result.steps());
        res.put("bestStep", (double) result.bestStep());
        res.put("bestScore", result.bestScore());
        res.put("seconds", result.seconds());
        res.put("trainableParams", (double) g.network().countTrainable());
        res.put("totalParams", (double) g.network().countParams());
        if (extra != null) {
            res.putAll(extra);
        }
        if (result.stopReason() != null) {
            config.put("stopReason", result.stopReason());
        }
        GenInfo.DataInfo di = new GenInfo.DataInfo(spec, data.description(), fingerprint(data.train()),
                data.train().count(), Arrays.stream(data.classes()).boxed().toList());
        GenInfo info = new GenInfo(dev.graft.Graft.RUN_FORMAT, GenInfo.TASK, Instant.now().toString(),
                Versions.current(), g.kind(), g instanceof Ddpm d ? d.unet().config() : null,
                g instanceof Ddpm d ? d.schedule() : null, g instanceof Ddpm d ? d.samplingSteps() : 0,
                g instanceof Gan gan ? gan.config() : null, base, strategy, config, seed, di, res, files);
        run.writeInfo(info);
        return info;
    }

    private static void write(Path file, StateDict sd, Map<String, String> files) {
        Safetensors.write(sd, file);
        try {
            files.put(file.getFileName().toString(), Hashing.sha256(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back " + file, e);
        }
    }

    /** The sha256 of a file, for provenance. */
    static String sha(Path file) {
        try {
            return Hashing.sha256(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A short hash of image values, for provenance. */
    static String fingerprint(GenImages images) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * images.pixels().length);
            b.asFloatBuffer().put(images.pixels());
            md.update(b.array());
            return java.util.HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
