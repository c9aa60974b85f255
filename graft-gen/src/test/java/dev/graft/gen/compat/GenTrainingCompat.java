package dev.graft.gen.compat;

import dev.graft.gen.GenImages;
import dev.graft.gen.GenModel;
import dev.graft.gen.GenTrainConfig;
import dev.graft.gen.GenTrainer;
import dev.graft.gen.Generator;
import dev.graft.gen.Noise;
import dev.graft.gen.ddpm.Ddpm;
import dev.graft.gen.ddpm.DdpmObjective;
import dev.graft.gen.ddpm.NoiseSchedule;
import dev.graft.gen.ddpm.UNetConfig;
import dev.graft.gen.gan.Gan;
import dev.graft.gen.gan.GanConfig;
import dev.graft.gen.gan.GanObjective;
import dev.graft.gen.tune.GenStrategies;
import dev.graft.gen.tune.GenStrategy;
import java.util.List;
import java.util.Map;

/**
 * Short generator trainings on synthetic images, whose samples {@code MakeGenRunFixture} records
 * with one release and {@code GenTrainingCompatTest} compares with the next: the EMA, LoRA,
 * early stopping on a domain score and both families' steps must train the same.
 */
final class GenTrainingCompat {
    /** The trainings, by name: family and strategy. */
    static final List<String> CASES = List.of("gan-full", "gan-lora", "ddpm-full", "ddpm-lora");

    private GenTrainingCompat() {}

    /** Trains one case from seeded weights and returns what the kept generator draws. */
    static float[] train(String name) {
        String[] p = name.split("-");
        GenStrategy s = GenStrategy.parse(p[1].equals("lora") ? "lora:2" : p[1]);
        try (GenModel m = p[0].equals("gan") ? GenModel.gan(GanConfig.tiny(), 1)
                : GenModel.ddpm(UNetConfig.tiny(), NoiseSchedule.linear(), 2, 1)) {
            Generator g = m.generator();
            GenStrategies.apply(s, g, 7);
            GenTrainer.Objective o = g instanceof Ddpm d ? new DdpmObjective(d, Map.of(), 1f, 3)
                    : new GanObjective((Gan) g, Map.of(), 1f, 3);
            GenImages images = new GenImages("noise", 28, Noise.gaussian(11, 0, 6, 784), new int[6]);
            GenTrainConfig c = GenTrainConfig.builder().steps(6).batchSize(4).lr(1e-2f).warmupSteps(2)
                    .emaDecay(0.9f).evalEvery(2).patience(0).seed(3).build();
            // a score that improves at every evaluation, so the kept generator is the last average
            int[] calls = {0};
            GenTrainer.Scorer score = gen -> -calls[0]++;
            GenTrainer.fit(o, images, c, score, null);
            return g.sample(MakeGenRunFixture.SAMPLES, MakeGenRunFixture.SEED);
        }
    }
}
