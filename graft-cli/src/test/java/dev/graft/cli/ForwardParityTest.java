package dev.graft.cli;

import static dev.graft.testing.AllClose.PARITY_RTOL;
import static dev.graft.testing.AllClose.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.testing.Fixtures;
import dev.graft.weights.Safetensors;
import dev.graft.weights.StateDict;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code graft forward} on torchvision-named weights reproduces torchvision's logits and features. */
class ForwardParityTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "resnet50"})
    void forwardMatchesTorchvision(String arch) {
        StateDict fx = Fixtures.parity(arch);
        Path weights = tmp.resolve(arch + ".safetensors");
        Safetensors.write(Fixtures.syntheticWeights(fx), weights);
        StateDict in = new StateDict().put("input", fx.get("input"));
        Path input = tmp.resolve("in.safetensors");
        Safetensors.write(in, input);
        Path output = tmp.resolve("out.safetensors");
        CliHarness.Result r = CliHarness.run("forward", "--model", arch, "--weights", weights.toString(), "--input",
                input.toString(), "--output", output.toString());
        assertEquals(0, r.code(), r.err());
        StateDict out = Safetensors.read(output);
        assertAllClose(out.get("logits").data(), fx.get("logits").data(), PARITY_RTOL, 0, arch + " logits");
        assertAllClose(out.get("features").data(), fx.get("features").data(), PARITY_RTOL, 0, arch + " features");
    }
}
