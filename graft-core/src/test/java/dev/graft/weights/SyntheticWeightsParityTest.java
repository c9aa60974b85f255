package dev.graft.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks that Java's synthetic weights equal those made by tools/fixtures/synthetic.py, bit for
 * bit, and that the parity fixtures' metadata parses.
 */
class SyntheticWeightsParityTest {
    private static final long SEED = 42;

    private Path resource(String name) throws Exception {
        URL url = getClass().getResource(name);
        assertNotNull(url, name + " is missing; run tools/fixtures/make_fixtures.py");
        return Path.of(url.toURI());
    }

    @Test
    void javaMatchesPythonBitForBit() throws Exception {
        StateDict check = Safetensors.read(resource("/fixtures/synthetic_check.safetensors"));
        assertEquals(String.valueOf(SEED), check.metadata().get("seed"));
        assertTrue(check.size() >= 8, "too few tensors in synthetic_check: " + check.size());
        for (var e : check.tensors().entrySet()) {
            HostTensor expected = e.getValue();
            float[] actual = SyntheticWeights.generate(e.getKey(), expected.shape(), SEED);
            assertEquals(expected.data().length, actual.length, e.getKey());
            for (int i = 0; i < actual.length; i++) {
                int want = Float.floatToRawIntBits(expected.data()[i]);
                int got = Float.floatToRawIntBits(actual[i]);
                if (want != got) {
                    throw new AssertionError(e.getKey() + "[" + i + "]: Python " + expected.data()[i]
                            + " (0x" + Integer.toHexString(want) + "), Java " + actual[i]
                            + " (0x" + Integer.toHexString(got) + ")");
                }
            }
        }
    }

    @Test
    void parityFixtureMetadataParses() throws Exception {
        StateDict fx = Safetensors.read(resource("/fixtures/parity/resnet18_small.safetensors"));
        var meta = fx.metadata();
        assertEquals("resnet18_small", meta.get("arch"));
        assertEquals(String.valueOf(SEED), meta.get("seed"));
        assertEquals("fc", meta.get("final_linear"));
        int numClasses = Integer.parseInt(meta.get("num_classes"));

        long[] inputShape = new Gson().fromJson(meta.get("input_shape"), long[].class);
        assertArrayEquals(inputShape, fx.get("input").shape());
        assertArrayEquals(new long[] {inputShape[0], numClasses}, fx.get("logits").shape());

        JsonArray entries = new Gson().fromJson(meta.get("state_dict"), JsonArray.class);
        assertFalse(entries.isEmpty());
        Set<String> names = new HashSet<>();
        for (JsonElement el : entries) {
            var o = el.getAsJsonObject();
            String name = o.get("name").getAsString();
            assertTrue(names.add(name), "duplicate " + name);
            long[] shape = new Gson().fromJson(o.get("shape"), long[].class);
            assertNotNull(o.get("dtype"), name);
            if (name.endsWith("num_batches_tracked")) {
                assertEquals(0, shape.length, name);
            }
        }
        assertArrayEquals(new long[] {16, 3, 3, 3}, shapeOf(entries, "conv1.weight"));
        assertArrayEquals(new long[] {numClasses, 128}, shapeOf(entries, "fc.weight"));
        assertArrayEquals(new long[] {64, 32, 1, 1}, shapeOf(entries, "layer3.0.downsample.0.weight"));
        assertArrayEquals(new long[] {128}, shapeOf(entries, "layer4.1.bn2.running_var"));
        assertArrayEquals(new long[] {inputShape[0], 128}, fx.get("features").shape());
    }

    @Test
    void everyParityFixtureIsConsistent() throws Exception {
        Path dir = resource("/fixtures/parity/resnet18_small.safetensors").getParent();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.toString().endsWith(".safetensors")).sorted().toList();
        }
        assertTrue(files.size() >= 26, "expected 26 parity fixtures, found " + files.size());
        for (Path f : files) {
            StateDict fx = Safetensors.read(f);
            var meta = fx.metadata();
            String arch = meta.get("arch");
            assertEquals(f.getFileName().toString(), arch + ".safetensors");
            assertEquals(String.valueOf(SEED), meta.get("seed"), arch);
            long[] inputShape = new Gson().fromJson(meta.get("input_shape"), long[].class);
            assertArrayEquals(inputShape, fx.get("input").shape(), arch);
            long n = inputShape[0];
            assertArrayEquals(new long[] {n, Long.parseLong(meta.get("num_classes"))},
                    fx.get("logits").shape(), arch);
            JsonArray entries = new Gson().fromJson(meta.get("state_dict"), JsonArray.class);
            String head = meta.get("final_linear");
            long[] headWeight = shapeOf(entries, head + ".weight");
            assertArrayEquals(new long[] {n, headWeight[1]}, fx.get("features").shape(), arch);
        }
    }

    private static long[] shapeOf(JsonArray entries, String name) {
        for (JsonElement el : entries) {
            var o = el.getAsJsonObject();
            if (o.get("name").getAsString().equals(name)) {
                return new Gson().fromJson(o.get("shape"), long[].class);
            }
        }
        throw new AssertionError(name + " not in state_dict metadata");
    }
}
