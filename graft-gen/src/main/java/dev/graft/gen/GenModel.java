package dev.graft.gen;

import ai.djl.ndarray.NDManager;
import dev.graft.engine.Engines;
import dev.graft.gen.ddpm.Ddpm;
import dev.graft.gen.ddpm.NoiseSchedule;
import dev.graft.gen.ddpm.UNet;
import dev.graft.gen.ddpm.UNetConfig;
import dev.graft.gen.gan.Gan;
import dev.graft.gen.gan.GanConfig;
import dev.graft.gen.gan.GanDiscriminator;
import dev.graft.gen.gan.GanGenerator;
import dev.graft.nn.Module;
import dev.graft.nn.Param;
import dev.graft.run.RunException;
import dev.graft.weights.HostTensor;
import dev.graft.weights.StateDict;
import dev.graft.weights.WeightsException;
import java.nio.file.Files;
import java.util.Map;

/** A generator with the NDManager that holds its weights; close it to free them. */
public final class GenModel implements AutoCloseable {
    private final Generator generator;
    private final NDManager manager;

    private GenModel(Generator generator, NDManager manager) {
        this.generator = generator;
        this.manager = manager;
    }

    /** A DDPM with seeded random weights. */
    public static GenModel ddpm(UNetConfig c, NoiseSchedule schedule, int samplingSteps, long seed) {
        NDManager m = Engines.newManager();
        UNet unet = new UNet(c);
        unet.materialize(m, seed);
        return new GenModel(new Ddpm(unet, schedule, samplingSteps, m), m);
    }

    /** A GAN with seeded random weights. */
    public static GenModel gan(GanConfig c, long seed) {
        NDManager m = Engines.newManager();
        GanGenerator g = new GanGenerator(c);
        GanDiscriminator d = new GanDiscriminator(c);
        g.materialize(m, seed);
        d.materialize(m, seed + 1);
        return new GenModel(new Gan(c, g, d, m), m);
    }

    /** A fresh model of the same shape as a run's, with seeded random weights. */
    public static GenModel likeRun(GenInfo info, long seed) {
        return info.kind() == GenKind.DDPM ? ddpm(info.unet(), info.schedule(), info.samplingSteps(), seed)
                : gan(info.gan(), seed);
    }

    /** A run's generator (and discriminator, when saved), loaded with every name and shape checked. */
    public static GenModel open(GenRun run) {
        GenInfo info = run.readInfo();
        checkSha(run, info, run.model());
        if (Files.isRegularFile(run.discriminator())) {
            checkSha(run, info, run.discriminator());
        }
        GenModel m = likeRun(info, info.seed());
        try {
            load(m.generator.network(), dev.graft.weights.Safetensors.read(run.model()), run.model().toString());
            if (m.generator instanceof Gan gan && Files.isRegularFile(run.discriminator())) {
                load(gan.discriminator(), dev.graft.weights.Safetensors.read(run.discriminator()),
                        run.discriminator().toString());
            }
            return m;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** A weights file of the run must have the sha256 its graft.json records, as Graft wrote it. */
    private static void checkSha(GenRun run, GenInfo info, java.nio.file.Path file) {
        String name = file.getFileName().toString();
        String expected = info.files() == null ? null : info.files().get(name);
        if (expected == null) {
            throw new RunException(run.info() + ": records no sha256 for " + name + "; the run folder is damaged");
        }
        try {
            String actual = dev.graft.io.Hashing.sha256(file);
            if (!actual.equalsIgnoreCase(expected)) {
                throw new RunException(file + ": sha256 " + actual + " differs from the " + expected + " graft.json "
                        + "records; the file changed after the run was written");
            }
        } catch (java.io.IOException e) {
            throw new RunException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Copies tensors into a module; every slot must be present with its exact shape, and nothing extra. */
    public static void load(Module net, StateDict dict, String source) {
        Map<String, Param> slots = net.namedParams();
        for (Map.Entry<String, Param> e : slots.entrySet()) {
            HostTensor t = dict.get(e.getKey());
            if (t == null) {
                throw new WeightsException(source + ": no tensor '" + e.getKey() + "'; the file is not a generator "
                        + "of this shape");
            }
            if (!t.sameShape(e.getValue().shape())) {
                throw new WeightsException(source + ": tensor '" + e.getKey() + "' has shape " + t.shapeString()
                        + " but the generator needs " + java.util.Arrays.toString(e.getValue().shape()));
            }
        }
        for (String name : dict.names()) {
            if (!slots.containsKey(name)) {
                throw new WeightsException(source + ": unexpected tensor '" + name + "'; the file is not a generator "
                        + "of this shape");
            }
        }
        slots.forEach((name, p) -> p.array().set(dict.get(name).data()));
    }

    public Generator generator() {
        return generator;
    }

    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
