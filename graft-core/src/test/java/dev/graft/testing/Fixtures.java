package dev.graft.testing;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import dev.graft.model.Network;
import dev.graft.weights.HostTensor;
import dev.graft.weights.Safetensors;
import dev.graft.weights.StateDict;
import dev.graft.weights.SyntheticWeights;
import java.net.URL;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Access to the PyTorch fixtures made by tools/fixtures/make_fixtures.py. */
public final class Fixtures {
    public static final long SEED = 42;

    private Fixtures() {}

    /** A parity fixture, or null if the architecture has none. */
    public static StateDict parity(String arch) {
        String name = "/fixtures/parity/" + arch + ".safetensors";
        return Fixtures.class.getResource(name) == null ? null : Safetensors.read(resource(name));
    }

    public static Path resource(String name) {
        URL url = Fixtures.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException(name + " is missing; run tools/fixtures/make_fixtures.py");
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Path.of(url.toURI());
            }
            // inside a jar (the test-jar other modules use): copy out once
            Path tmp = java.nio.file.Files.createTempFile("graft-fixture", name.substring(name.lastIndexOf('/') + 1));
            tmp.toFile().deleteOnExit();
            try (var in = url.openStream()) {
                java.nio.file.Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return tmp;
        } catch (java.net.URISyntaxException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** torchvision's state_dict names and shapes, in order, as the fixture recorded them. */
    public static Map<String, long[]> stateDictShapes(StateDict fixture) {
        JsonArray entries = new Gson().fromJson(fixture.metadata().get("state_dict"), JsonArray.class);
        Map<String, long[]> out = new LinkedHashMap<>();
        for (JsonElement el : entries) {
            var o = el.getAsJsonObject();
            out.put(o.get("name").getAsString(), new Gson().fromJson(o.get("shape"), long[].class));
        }
        return out;
    }

    /** The synthetic weights the fixture was computed with, under torchvision's names. */
    public static StateDict syntheticWeights(StateDict fixture) {
        StateDict out = new StateDict();
        stateDictShapes(fixture).forEach((name, shape) ->
                out.put(name, new HostTensor(shape, SyntheticWeights.generate(name, shape, SEED))));
        return out;
    }

    /** The same synthetic rule applied to a network's own names (for architectures without fixtures). */
    public static StateDict syntheticWeights(Network net) {
        StateDict out = new StateDict();
        net.namedParams().forEach((name, p) ->
                out.put(name, new HostTensor(p.shape(), SyntheticWeights.generate(name, p.shape(), SEED))));
        return out;
    }

    /** Writes {@link #syntheticWeights(Network)} of a fresh {@code arch} with {@code classes} outputs, as a "pretrained" file. */
    public static Path writeSyntheticWeights(String arch, int classes, Path file) {
        Safetensors.write(syntheticWeights(dev.graft.model.Architectures.get(arch).create(classes)), file);
        return file;
    }
}
