package dev.graft.gen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.gen.gan.Gan;
import dev.graft.gen.gan.GanConfig;
import dev.graft.gen.gan.GanObjective;
import dev.graft.gen.tune.GenStrategies;
import dev.graft.gen.tune.GenStrategy;
import dev.graft.weights.StateDict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenTrainerTest {
    @Test
    void earlyStoppingRestoresTheBestScoringGeneratorAndFreezeDKeepsTheLowerDiscriminator() {
        try (GenModel model = GenModel.gan(GanConfig.tiny(), 1)) {
            Gan gan = (Gan) model.generator();
            GenStrategies.apply(GenStrategy.parse("freezed:1"), gan, 1);
            StateDict d0 = gan.discriminator().stateDict();
            StateDict g0 = gan.network().stateDict();
            double[] scripted = {5, 3, 4, 6, 7, 8};
            List<StateDict> seen = new ArrayList<>();
            GenTrainer.Scorer scorer = g -> {
                seen.add(g.network().stateDict());
                return scripted[seen.size() - 1];
            };
            GenImages images = new GenImages("noise", 28, Noise.gaussian(3, 0, 6, 784), new int[6]);
            GenTrainConfig c = GenTrainConfig.builder().steps(10).batchSize(4).lr(1e-2f).warmupSteps(0)
                    .emaDecay(0.5f).evalEvery(1).patience(2).build();
            GenTrainer.Result r = GenTrainer.fit(new GanObjective(gan, Map.of(), 1f, 2), images, c, scorer, null);
            assertEquals(3, r.steps(), "stopped after two evaluations without improvement");
            assertEquals(1, r.bestStep());
            assertEquals(3.0, r.bestScore(), 0);
            assertNotNull(r.stopReason());
            assertEquals(4, r.curve().size(), "step 0 plus three evaluations");
            StateDict now = gan.network().stateDict();
            for (String name : now.names()) {
                assertArrayEquals(seen.get(1).get(name).data(), now.get(name).data(), "restored best: " + name);
            }
            assertFalse(java.util.Arrays.equals(g0.get("fc.weight").data(), now.get("fc.weight").data()),
                    "the generator trained");
            StateDict d1 = gan.discriminator().stateDict();
            assertArrayEquals(d0.get("conv1.weight").data(), d1.get("conv1.weight").data(), "FreezeD: conv1 frozen");
            assertFalse(java.util.Arrays.equals(d0.get("conv2.weight").data(), d1.get("conv2.weight").data()),
                    "the discriminator above the frozen stage trained");
            assertEquals(0, r.curve().get(0).step(), "the curve starts with the untrained generator");
        }
    }

    @Test
    void batchesAreDrawnReproduciblyPerStep() {
        assertArrayEquals(GenTrainer.drawBatch(10, 32, 5, 7), GenTrainer.drawBatch(10, 32, 5, 7));
        assertFalse(java.util.Arrays.equals(GenTrainer.drawBatch(10, 32, 5, 7), GenTrainer.drawBatch(10, 32, 5, 8)));
    }
}
