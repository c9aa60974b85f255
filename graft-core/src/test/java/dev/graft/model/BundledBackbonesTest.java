package dev.graft.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.engine.Engines;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every backbone shipped inside graft-core: its weights are there, match the registered sha256,
 * load into their architecture, and carry a graft.json saying how they were made.
 */
class BundledBackbonesTest {
    @Test
    void everyBundledBackboneLoadsAndHasItsProvenance() throws Exception {
        List<PretrainedSpec> bundled = PretrainedSpecs.all().stream()
                .filter(s -> s.source().startsWith("classpath:")).toList();
        assertTrue(bundled.size() >= 2, "the garment backbone and the default must both be bundled: " + bundled);
        assertTrue(bundled.stream().anyMatch(s -> s.tag().equals(PretrainedSpecs.FMNIST_SOURCE)));
        assertTrue(bundled.stream().anyMatch(s -> s.tag().equals(PretrainedSpecs.DEFAULT_BACKBONE)));
        Engines.start(1);
        for (PretrainedSpec spec : bundled) {
            Pretrained.Resolved r = Pretrained.resolve(spec.tag());
            assertTrue(spec.sha256Matches(r.sha256()), spec.tag());
            try (NDManager m = Engines.newManager()) {
                Network net = Architectures.get(spec.arch()).create(3);
                net.replaceHead(new ClassifierHead(net.featureDim(), 3, HeadSpec.LINEAR));
                net.materialize(m, 0);
                LoadReport rep = WeightLoader.load(net, r.dict(), spec.tag(), WeightLoader.HeadMode.REPLACE);
                assertTrue(rep.headReplaced(), spec.tag());
            }
            String json = spec.source().substring("classpath:".length()).replace(".safetensors", ".graft.json");
            try (InputStream in = PretrainedSpecs.class.getResourceAsStream(json)) {
                assertNotNull(in, spec.tag() + ": no " + json + " beside the weights");
                JsonObject info = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .getAsJsonObject();
                assertEquals(spec.arch(), info.get("arch").getAsString());
                assertEquals(r.sha256(), info.getAsJsonObject("model").get("sha256").getAsString(),
                        spec.tag() + ": graft.json describes another file");
                assertFalse(info.getAsJsonObject("data").get("description").getAsString().isBlank());
            }
        }
    }
}
