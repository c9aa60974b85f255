package dev.graft.gen.compat;

import static dev.graft.testing.AllClose.assertAllClose;

import dev.graft.testing.Fixtures;
import dev.graft.weights.Safetensors;
import dev.graft.weights.StateDict;
import org.junit.jupiter.api.Test;

/** Generators still train as the release that recorded {@code fixtures/gen-runs/*-training.safetensors} did. */
class GenTrainingCompatTest {
    @Test
    void shortTrainingsEndWithTheSameGenerators() throws Exception {
        StateDict expected = Safetensors.read(Fixtures.resource("/fixtures/gen-runs/v0.1.0-training.safetensors"));
        for (String name : GenTrainingCompat.CASES) {
            assertAllClose(GenTrainingCompat.train(name), expected.get(name).data(), 1e-6, 1e-6, name);
        }
    }
}
