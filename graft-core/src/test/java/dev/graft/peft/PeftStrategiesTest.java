package dev.graft.peft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.data.Augment;
import dev.graft.data.InMemoryImages;
import dev.graft.data.Preprocess;
import dev.graft.engine.Engines;
import dev.graft.model.Network;
import dev.graft.nn.Ctx;
import dev.graft.recipe.RecipeResult;
import dev.graft.recipe.RecipeSetup;
import dev.graft.recipe.Recipes;
import dev.graft.recipe.Strategy;
import dev.graft.testing.TinyData;
import dev.graft.train.TrainConfig;
import dev.graft.weights.StateDict;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What LoRA, BitFit and adapters train, what they leave alone, and what they save. */
class PeftStrategiesTest {
    static final InMemoryImages TRAIN = TinyData.bars(3, 8, 16, 1);
    static final InMemoryImages VAL = TinyData.bars(3, 4, 16, 2);
    static final Preprocess PRE = new Preprocess(16, 16, Preprocess.FMNIST_MEAN, Preprocess.FMNIST_STD);

    private static RecipeResult run(Network net, Strategy s) {
        TrainConfig c = TrainConfig.builder().optEpochs(2).optBatchSize(8).optLr(1e-2f).optWarmupEpochs(0).optPatience(0).optSeed(3)
                .build();
        return Recipes.run(s, new RecipeSetup(net, TRAIN, VAL, PRE, Augment.NONE, c, 0, 0.1f, 1, List.of()));
    }

    /** Names whose values differ between two snapshots (names missing from {@code before} count). */
    private static Set<String> changed(StateDict before, StateDict after) {
        Set<String> out = new TreeSet<>();
        for (String n : after.names()) {
            if (!before.contains(n) || !java.util.Arrays.equals(before.get(n).data(), after.get(n).data())) {
                out.add(n);
            }
        }
        return out;
    }

    @Test
    void loraTrainsOnlyItsMatricesAndTheHead() {
        try (NDManager m = Engines.newManager()) {
            Network net = LoraTest.pretrained(m);
            StateDict before = net.stateDict();
            RecipeResult r = run(net, Strategy.LORA); // no structure yet: the recipe applies the defaults
            Set<String> diff = changed(before, net.stateDict());
            assertTrue(diff.contains("fc.weight") && diff.contains("layer4.1.conv2.lora_B"), diff.toString());
            for (String n : diff) {
                assertTrue(n.startsWith("fc.") || n.endsWith(".lora_A") || n.endsWith(".lora_B"), n + " changed");
            }
            // 8 layers at rank 8: A [8, in, 3, 3] and B [out, 8, 1, 1]; layer3 convs 32/64->64, layer4 64/128->128
            long lora = 8 * (32 * 9 + 64) + 3 * 8 * (64 * 9 + 64) + 8 * (64 * 9 + 128) + 3 * 8 * (128 * 9 + 128);
            assertEquals(lora + 128 * 3 + 3, r.trainableParams());
            StateDict saved = Peft.trainedTensors(net, before);
            assertEquals(new TreeSet<>(saved.names()), diffPlusFrozenLoraA(net, diff), "saves exactly what trained");
        }
    }

    /** The LoRA A matrices receive no gradient in the first step (B = 0) but are saved regardless. */
    private static Set<String> diffPlusFrozenLoraA(Network net, Set<String> diff) {
        Set<String> out = new TreeSet<>(diff);
        net.namedParams().keySet().stream().filter(n -> n.endsWith(".lora_A") || n.endsWith(".lora_B")
                || n.startsWith("fc.")).forEach(out::add);
        return out;
    }

    @Test
    void bitFitTrainsOnlyBiasesAndNormShiftsAndKeepsStatistics() {
        try (NDManager m = Engines.newManager()) {
            Network net = LoraTest.pretrained(m);
            StateDict before = net.stateDict();
            run(net, Strategy.BITFIT);
            Set<String> diff = changed(before, net.stateDict());
            assertTrue(diff.contains("layer1.0.bn1.bias") && diff.contains("bn1.bias"), diff.toString());
            for (String n : diff) {
                assertTrue(n.startsWith("fc.") || n.endsWith("bn1.bias") || n.endsWith("bn2.bias")
                        || n.endsWith("downsample.1.bias"), n + " changed");
            }
        }
    }

    @Test
    void adaptersStartAsIdentityAndOnlyTheyAndTheHeadTrain() {
        try (NDManager m = Engines.newManager()) {
            Network net = LoraTest.pretrained(m);
            NDArray x = m.randomNormal(new Shape(2, 3, 16, 16));
            float[] plain = net.forward(x, Ctx.EVAL).toFloatArray();
            StateDict before = net.stateDict();
            Peft.Applied a = Peft.apply(net, Method.ADAPTER, PeftConfig.DEFAULTS, 1);
            assertEquals(List.of("layer1.2", "layer2.2", "layer3.2", "layer4.2"), a.modules());
            assertArrayEquals(new long[] {4, 16, 1, 1}, net.namedParams().get("layer1.2.down.weight").shape());
            assertArrayEquals(new long[] {128, 16, 1, 1}, net.namedParams().get("layer4.2.up.weight").shape());
            assertArrayEquals(plain, net.forward(x, Ctx.EVAL).toFloatArray(), "zero-initialised up: identity");
            run(net, Strategy.ADAPTER);
            for (String n : changed(before, net.stateDict())) {
                assertTrue(n.startsWith("fc.") || n.matches("layer\\d\\.2\\..*"), n + " changed");
            }
            assertTrue(changed(before, net.stateDict()).contains("layer4.2.up.weight"));
        }
    }
}
