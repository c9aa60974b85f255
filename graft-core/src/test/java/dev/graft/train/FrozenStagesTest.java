package dev.graft.train;

import static dev.graft.testing.AllClose.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.graft.data.Augment;
import dev.graft.data.InMemoryImages;
import dev.graft.data.Preprocess;
import dev.graft.engine.Engines;
import dev.graft.model.Models;
import dev.graft.model.HeadSpec;
import dev.graft.model.Network;
import dev.graft.model.WeightLoader;
import dev.graft.nn.BnPolicy;
import dev.graft.nn.Param;
import dev.graft.recipe.RecipeResult;
import dev.graft.recipe.RecipeSetup;
import dev.graft.recipe.Recipes;
import dev.graft.recipe.Strategy;
import dev.graft.testing.Fixtures;
import dev.graft.testing.TinyData;
import dev.graft.weights.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frozen stages cost only their forward pass: no backward runs through them, they hold no gradient
 * arrays, and their BatchNorm is folded into the convolution before it without changing what
 * training computes.
 */
class FrozenStagesTest {
    static final InMemoryImages TRAIN = TinyData.bars(3, 4, 16, 1);
    static final InMemoryImages VAL = TinyData.bars(3, 2, 16, 2);
    static final Preprocess PRE = new Preprocess(16, 16, Preprocess.FMNIST_MEAN, Preprocess.FMNIST_STD);

    static Network pretrained(NDManager m) {
        Network net = Models.build("resnet18_small", 3, new HeadSpec(0, 0f), m, 5);
        WeightLoader.load(net, Fixtures.syntheticWeights(net), "synthetic", false);
        return net;
    }

    /** One epoch of one batch of 12 images, under libtorch's profiler: how often each operator ran. */
    private static Map<String, Integer> profileOneStep(Network net, Path trace) throws IOException {
        TrainConfig c = TrainConfig.builder().epochs(1).batchSize(12).lr(1e-3f).warmupEpochs(0).patience(0).seed(3)
                .build();
        Trainer t = new Trainer(net, c, "probe", Map.of(), List.of());
        try (ImageBatches data = new ImageBatches(TRAIN, VAL, PRE, Augment.NONE, 12, 1, 3)) {
            JniUtils.startProfile(false, false, false);
            try {
                t.fit(data);
            } finally {
                JniUtils.stopProfile(trace.toString());
            }
        }
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (JsonElement e : JsonParser.parseString(Files.readString(trace)).getAsJsonArray()) {
            counts.merge(e.getAsJsonObject().get("name").getAsString(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void noBackwardRunsThroughFrozenStages(@TempDir Path dir) throws IOException {
        try (NDManager m = Engines.newManager()) {
            Network net = pretrained(m);
            Freezing.freezeStages(net, 2, BnPolicy.TRAIN);
            Map<String, Integer> partial = profileOneStep(net, dir.resolve("partial.json"));
            // resnet18's 20 convolutions: stem 1, layer1 4, layer2 5, layer3 5, layer4 5
            assertEquals(10, partial.get("aten::convolution_backward"), "only layer3 and layer4 run backward");
            for (Map.Entry<String, Param> e : net.namedParams().entrySet()) {
                Param p = e.getValue();
                if (!p.isBuffer() && p.frozen()) {
                    assertThrows(IllegalStateException.class, () -> p.array().getGradient(),
                            e.getKey() + " is frozen but holds a gradient array");
                }
            }
            Freezing.unfreezeAll(net, BnPolicy.TRAIN);
            Map<String, Integer> all = profileOneStep(net, dir.resolve("all.json"));
            assertEquals(20, all.get("aten::convolution_backward"), "unfrozen, every convolution runs backward");
        }
    }

    @Test
    void foldingFrozenStagesKeepsTheTrainingTrajectory() {
        double[][] losses = new double[2][];
        StateDict[] weights = new StateDict[2];
        for (int k = 0; k < 2; k++) {
            if (k == 1) {
                System.setProperty("graft.bnfold", "false");
            }
            try (NDManager m = Engines.newManager()) {
                Network net = pretrained(m);
                // SGD: its steps are proportional to the gradient, so float rounding stays rounding; AdamW's
                // steps have the size of the learning rate wherever a gradient is near zero, whatever its sign
                TrainConfig c = TrainConfig.builder().epochs(2).batchSize(4).lr(3e-2f).warmupEpochs(0).patience(0)
                        .optimizer(TrainConfig.Optim.SGD).seed(7).build();
                RecipeResult r = Recipes.run(new Strategy(Strategy.Kind.PARTIAL, 2),
                        new RecipeSetup(net, TRAIN, VAL, PRE, Augment.NONE, c, 1, 0.1f, 1, List.of()));
                losses[k] = r.history().stream().flatMapToDouble(e -> java.util.stream.DoubleStream.of(
                        e.trainLoss(), e.valLoss())).toArray();
                weights[k] = net.stateDict();
            } finally {
                System.clearProperty("graft.bnfold");
            }
        }
        float[] a = new float[losses[0].length];
        float[] b = new float[losses[1].length];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) losses[0][i];
            b[i] = (float) losses[1][i];
        }
        assertAllClose(a, b, 1e-4, 0, "losses per epoch, folded against unfolded");
        boolean anyBitDiffers = false;
        for (String n : weights[1].names()) {
            assertAllClose(weights[0].get(n).data(), weights[1].get(n).data(), 1e-4, 1e-7, n);
            anyBitDiffers |= !java.util.Arrays.equals(weights[0].get(n).data(), weights[1].get(n).data());
        }
        // folding rounds differently, so identical weights would mean the folded run never folded
        assertTrue(anyBitDiffers, "the training steps did not run with the frozen stages folded");
    }
}
