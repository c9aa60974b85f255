package dev.graft.gen;

import dev.graft.check.Checks;

import dev.graft.engine.Engines;
import dev.graft.gen.ddpm.Ddpm;
import dev.graft.gen.ddpm.DdpmObjective;
import dev.graft.gen.ddpm.NoiseSchedule;
import dev.graft.gen.ddpm.UNetConfig;
import dev.graft.gen.gan.Gan;
import dev.graft.gen.gan.GanConfig;
import dev.graft.gen.gan.GanObjective;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code graft gen pretrain}: a generator trained from scratch on a source domain, saved as a run. */
public final class GenPretrain {
    private static final Logger LOG = LoggerFactory.getLogger(GenPretrain.class);

    private GenPretrain() {}

    /**
     * Everything a pretraining needs.
     *
     * @param data data spec of the source domain, e.g. {@code fashion-mnist:0-4}
     * @param kind ddpm or gan
     * @param unet the UNet's shape (ddpm)
     * @param gan the GAN's shape (gan)
     * @param train steps, batch, learning rate, EMA, time budget and seed
     * @param samplingSteps DDIM steps when sampling later (ddpm)
     * @param out the run folder
     * @param force replace an existing run folder
     * @param threads libtorch threads (0 = libtorch's default)
     * @param init a pretrained run to continue from (its shape wins over unet and gan), or null
     */
    public record Request(String data, GenKind kind, UNetConfig unet, GanConfig gan, GenTrainConfig train,
            int samplingSteps, Path out, boolean force, int threads, Path init) {
        public Request {
            Checks.range("samplingSteps", samplingSteps, 1, 100_000);
            dev.graft.run.OutputFolder.checkOut(out);
            Engines.checkThreads("threads", threads, true);
        }
    }

    /** Sensible training defaults for pretraining each family on this CPU. */
    public static GenTrainConfig defaults(GenKind kind) {
        GenTrainConfig.Builder b = GenTrainConfig.builder().steps(100_000).batchSize(64).warmupSteps(200)
                .emaDecay(0.999f).evalEvery(250).patience(0);
        return kind == GenKind.DDPM ? b.lr(1e-3f).build() : b.lr(2e-4f).build();
    }

    public static GenInfo run(Request r) {
        Engines.start(r.threads());
        GenData data = GenData.open(r.data(), 0, GenData.SOURCE_VAL_PER_CLASS, r.train().seed());
        LOG.info("data: " + data.description());
        GenRun init = r.init() == null ? null : GenRun.open(r.init());
        if (init != null && init.readInfo().kind() != r.kind()) {
            throw new IllegalArgumentException(r.init() + " holds a " + init.readInfo().kind() + ", not a " + r.kind()
                    + "; match `model` to it");
        }
        Map<String, Path> inputs = new LinkedHashMap<>(GenData.paths(r.data()));
        if (r.init() != null) {
            inputs.put("`init`", r.init());
        }
        GenRun run = GenRun.create(r.out(), r.force(), inputs);
        try (GenModel model = init != null ? GenModel.open(init) : r.kind() == GenKind.DDPM
                ? GenModel.ddpm(r.unet(), NoiseSchedule.linear(), r.samplingSteps(), r.train().seed())
                : GenModel.gan(r.gan(), r.train().seed())) {
            if (init != null) {
                LOG.info("continuing from " + r.init());
            }
            Generator g = model.generator();
            LOG.info(r.kind() + " generator: " + g.network().countParams() + " parameters");
            GenTrainer.Objective objective = g instanceof Ddpm ddpm
                    ? new DdpmObjective(ddpm, Map.of(), 1f, r.train().seed())
                    : new GanObjective((Gan) g, Map.of(), 1f, r.train().seed());
            GenTrainer.Result result = GenTrainer.fit(objective, data.train(), r.train(), null, run.metrics());
            Map<String, String> config = new LinkedHashMap<>();
            config.put("train", r.train().toString());
            config.put("threads", Integer.toString(r.threads()));
            GenInfo.Base base = init == null ? null : new GenInfo.Base(init.dir().toAbsolutePath().toString(),
                    GenSaver.sha(init.model()), init.readInfo().strategy(), init.readInfo().data().description());
            GenInfo info = GenSaver.save(run, model, base, "pretrain", config, r.train().seed(), r.data(), data,
                    result, null);
            run = run.commit();
            LOG.info("saved " + run.dir() + " (" + result.steps() + " steps, " + Math.round(result.seconds()) + " s)");
            return info;
        }
    }
}
