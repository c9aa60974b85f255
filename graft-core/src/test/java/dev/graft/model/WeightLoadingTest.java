package dev.graft.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.graft.data.Augment;
import dev.graft.data.Data;
import dev.graft.data.DataConfig;
import dev.graft.engine.Engines;
import dev.graft.model.Models;
import dev.graft.job.TrainInputs;
import dev.graft.job.TrainRequest;
import dev.graft.recipe.Strategy;
import dev.graft.testing.Fixtures;
import dev.graft.train.TrainConfig;
import dev.graft.weights.HostTensor;
import dev.graft.weights.StateDict;
import dev.graft.weights.WeightsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link WeightLoader} is the only guard between a checkpoint and a silently wrong network (DJL's
 * {@code set()} truncates an oversized source into a smaller target). These tests look at the
 * network's values after loading, not at log lines.
 */
class WeightLoadingTest {
    private static final String ARCH = "resnet18_small";

    /** Every parameter's values, by name. */
    private static Map<String, float[]> values(Network net) {
        Map<String, float[]> out = new LinkedHashMap<>();
        net.namedParams().forEach((n, p) -> out.put(n, p.array().toFloatArray()));
        return out;
    }

    /** Synthetic weights for {@code classes} classes, whose head is not what a fresh head holds. */
    private static StateDict file(int classes) {
        return Fixtures.syntheticWeights(Architectures.get(ARCH).create(classes));
    }

    private static void assertFreshHead(Network net, Map<String, float[]> fresh, StateDict file) {
        for (String name : List.of("fc.weight", "fc.bias")) {
            float[] now = net.namedParams().get(name).array().toFloatArray();
            assertArrayEquals(fresh.get(name), now, name + " is the freshly initialised head");
            float[] filePrefix = Arrays.copyOf(file.get(name).data(), now.length);
            assertFalse(Arrays.equals(filePrefix, now), name + " is not (a truncation of) the file's head");
        }
    }

    private static void assertBackboneFromTheFile(Network net, StateDict file) {
        net.namedParams().forEach((name, p) -> {
            if (!net.isHeadParam(name)) {
                assertArrayEquals(file.get(name).data(), p.array().toFloatArray(), name);
            }
        });
    }

    @Test
    void headWithAnotherClassCountIsReplacedByAFreshOneNotTruncated() {
        try (NDManager m = Engines.newManager()) {
            Network net = Models.build(ARCH, 3, HeadSpec.LINEAR, m, 7);
            Map<String, float[]> fresh = values(net);
            StateDict file = file(5);
            LoadReport rep = WeightLoader.load(net, file, "five-class file", WeightLoader.HeadMode.AUTO);
            assertTrue(rep.headReplaced());
            assertEquals(5, rep.fileClasses());
            assertFreshHead(net, fresh, file);
            assertBackboneFromTheFile(net, file);
        }
    }

    @Test
    void headWithTheSameClassCountButOtherLabelsIsReplacedTheDemosCase() {
        // The bundled backbone's head knows five Fashion-MNIST garments; the demo's task has five other classes.
        var weights = Pretrained.resolve("resnet18_small.fmnist_src");
        List<String> target = List.of("Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
        assertEquals(5, weights.spec().labels().size());
        assertFalse(weights.spec().labels().equals(target));
        try (NDManager m = Engines.newManager()) {
            Network net = Models.build(ARCH, 5, HeadSpec.LINEAR, m, 7);
            Map<String, float[]> fresh = values(net);
            TrainInputs.load(net, request(false), data(target), weights);
            assertFreshHead(net, fresh, weights.dict());
            assertBackboneFromTheFile(net, weights.dict());

            Network same = Models.build(ARCH, 5, HeadSpec.LINEAR, m, 7);
            TrainInputs.load(same, request(false), data(weights.spec().labels()), weights);
            assertArrayEquals(weights.dict().get("fc.weight").data(),
                    same.namedParams().get("fc.weight").array().toFloatArray(), "same labels: the file's head is kept");
        }
    }

    @Test
    void tensorWithTheSameElementCountButAnotherShapeIsRefused() {
        try (NDManager m = Engines.newManager()) {
            Network net = Models.build(ARCH, 5, HeadSpec.LINEAR, m, 7);
            Map<String, float[]> before = values(net);
            StateDict file = file(5);
            HostTensor conv = file.get("conv1.weight");
            long[] s = conv.shape();
            long[] swapped = {s[1], s[0], s[2], s[3]}; // as a transposed or mislabelled tensor would be
            assertEquals(HostTensor.numel(s), HostTensor.numel(swapped));
            assertFalse(Arrays.equals(s, swapped));
            file.put("conv1.weight", new HostTensor(swapped, conv.data()));
            WeightsException e = assertThrows(WeightsException.class,
                    () -> WeightLoader.load(net, file, "swapped.safetensors", false));
            assertTrue(e.getMessage().contains("'conv1.weight' has shape " + Arrays.toString(swapped)), e.getMessage());
            values(net).forEach((n, v) -> assertArrayEquals(before.get(n), v, n + " unchanged by a refused load"));
        }
    }

    @Test
    void transposedHeadIsRefusedInStrictModeAndReplacedOtherwise() {
        try (NDManager m = Engines.newManager()) {
            Network net = Models.build(ARCH, 5, HeadSpec.LINEAR, m, 7);
            Map<String, float[]> fresh = values(net);
            StateDict file = file(5);
            HostTensor fc = file.get("fc.weight");
            file.put("fc.weight", new HostTensor(new long[] {fc.shape()[1], fc.shape()[0]}, fc.data()));
            assertThrows(WeightsException.class, () -> WeightLoader.load(net, file, "t.safetensors", true));
            LoadReport rep = WeightLoader.load(net, file, "t.safetensors", false);
            assertTrue(rep.headReplaced());
            assertArrayEquals(fresh.get("fc.weight"), net.namedParams().get("fc.weight").array().toFloatArray());
        }
    }

    @Test
    void strictModeRefusesAHeadOfAnotherSizeAndChangesNothing() {
        try (NDManager m = Engines.newManager()) {
            Network net = Models.build(ARCH, 3, HeadSpec.LINEAR, m, 7);
            Map<String, float[]> before = values(net);
            WeightsException e = assertThrows(WeightsException.class,
                    () -> WeightLoader.load(net, file(5), "five.safetensors", WeightLoader.HeadMode.STRICT));
            assertTrue(e.getMessage().contains("its head has 5 classes but the task has 3"), e.getMessage());
            values(net).forEach((n, v) -> assertArrayEquals(before.get(n), v, n));
            WeightsException viaRequest = assertThrows(WeightsException.class, () -> TrainInputs.load(
                    Models.build(ARCH, 5, HeadSpec.LINEAR, m, 7), request(true),
                    data(List.of("a", "b", "c", "d", "e")), Pretrained.resolve("resnet18_small.fmnist_src")));
            assertTrue(viaRequest.getMessage().contains("drop `strict`"), viaRequest.getMessage());
        }
    }

    private static TrainRequest request(boolean strict) {
        return new TrainRequest(new DataConfig("unused", null, 0, 0, 0.2, 1, 1), ARCH, "resnet18_small.fmnist_src",
                Strategy.FINE_TUNE, TrainConfig.builder().build(), HeadSpec.LINEAR, Augment.NONE, 1, 0.1f,
                Path.of("unused"), false, strict, 1, null);
    }

    private static Data data(List<String> labels) {
        return new Data(null, null, null, labels, "labels only", List.of());
    }
}
