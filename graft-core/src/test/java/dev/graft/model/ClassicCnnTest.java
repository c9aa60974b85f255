package dev.graft.model;

import static dev.graft.testing.AllClose.PARITY_RTOL;
import static dev.graft.testing.AllClose.assertAllClose;
import static dev.graft.testing.AllClose.relativeError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.engine.Engines;
import dev.graft.nn.Ctx;
import dev.graft.testing.Fixtures;
import dev.graft.weights.HostTensor;
import dev.graft.weights.StateDict;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What the classic CNNs do beyond the registry contract: timm names, aux heads, transform_input, stages. */
class ClassicCnnTest {

    @Test
    void timmNamedVggWeightsComputeWhatTorchvisionComputes() {
        StateDict fx = Fixtures.parity("vgg11");
        StateDict timm = new StateDict();
        Fixtures.syntheticWeights(fx).tensors().forEach((name, t) -> {
            long[] s = t.shape();
            if (name.equals("classifier.0.weight")) {
                timm.put("pre_logits.fc1.weight", new HostTensor(new long[] {s[0], 512, 7, 7}, t.data()));
            } else if (name.equals("classifier.3.weight")) {
                timm.put("pre_logits.fc2.weight", new HostTensor(new long[] {s[0], s[1], 1, 1}, t.data()));
            } else {
                timm.put(name.replace("classifier.0.", "pre_logits.fc1.").replace("classifier.3.", "pre_logits.fc2.")
                        .replace("classifier.6.", "head.fc."), t);
            }
        });
        assertTrue(timm.tensors().containsKey("pre_logits.fc1.bias") && timm.tensors().containsKey("head.fc.weight"));
        Network net = Architectures.get("vgg11").create(1000);
        try (NDManager m = Engines.newManager()) {
            net.materialize(m, 1);
            LoadReport rep = WeightLoader.load(net, timm, "timm vgg11", true);
            assertEquals(net.namedParams().size(), rep.loaded());
            HostTensor in = fx.get("input");
            NDArray logits = net.forward(m.create(in.data(), new Shape(in.shape())), Ctx.EVAL);
            assertAllClose(logits.toFloatArray(), fx.get("logits").data(), PARITY_RTOL, 0, "vgg11 from timm names");
        }
    }

    @Test
    void googLeNetIgnoresAuxiliaryClassifiersAndSaysSo() {
        StateDict fx = Fixtures.parity("googlenet");
        StateDict withAux = Fixtures.syntheticWeights(fx);
        for (String aux : List.of("aux1", "aux2")) {
            int in = aux.equals("aux1") ? 512 : 528;
            addConvBn(withAux, aux + ".conv", 128, in, 1);
            withAux.put(aux + ".fc1.weight", zeros(1024, 2048));
            withAux.put(aux + ".fc1.bias", zeros(1024));
            withAux.put(aux + ".fc2.weight", zeros(1000, 1024));
            withAux.put(aux + ".fc2.bias", zeros(1000));
        }
        Network net = Architectures.get("googlenet").create(1000);
        try (NDManager m = Engines.newManager()) {
            net.materialize(m, 1);
            LoadReport rep = WeightLoader.load(net, withAux, "googlenet with aux", true);
            assertEquals(20, rep.ignored().size());
            assertTrue(rep.ignored().stream().allMatch(n -> n.startsWith("aux")), rep.ignored().toString());
            assertTrue(rep.describe().contains("ignored 20 tensor(s)"), rep.describe());
            HostTensor in = fx.get("input");
            NDArray logits = net.forward(m.create(in.data(), new Shape(in.shape())), Ctx.EVAL);
            assertAllClose(logits.toFloatArray(), fx.get("logits").data(), PARITY_RTOL, 0, "googlenet with aux file");
        }
    }

    @Test
    void inceptionV3IgnoresItsAuxiliaryClassifier() {
        StateDict withAux = Fixtures.syntheticWeights(Fixtures.parity("inception_v3"));
        addConvBn(withAux, "AuxLogits.conv0", 128, 768, 1);
        addConvBn(withAux, "AuxLogits.conv1", 768, 128, 5);
        withAux.put("AuxLogits.fc.weight", zeros(1000, 768));
        withAux.put("AuxLogits.fc.bias", zeros(1000));
        Network net = Architectures.get("inception_v3").create(1000);
        try (NDManager m = Engines.newManager()) {
            net.materialize(m, 1);
            LoadReport rep = WeightLoader.load(net, withAux, "inception_v3 with aux", true);
            assertEquals(14, rep.ignored().size());
            assertEquals(net.namedParams().size(), rep.loaded());
            assertNull(net.canonicalName("AuxLogits.fc.weight"));
        }
    }

    /**
     * transform_input on ImageNet-normalised pixels equals transform_input off on pixels normalised
     * with mean = std = 0.5: the ImageNet spec of GoogLeNet and Inception v3 relies on this.
     */
    @Test
    void transformInputEqualsHalfNormalisation() {
        StateDict weights = Fixtures.syntheticWeights(Fixtures.parity("googlenet"));
        float[] mean = {0.485f, 0.456f, 0.406f};
        float[] std = {0.229f, 0.224f, 0.225f};
        int hw = 32 * 32;
        float[] imagenet = new float[3 * hw];
        float[] half = new float[imagenet.length];
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < imagenet.length; i++) {
            float pixel = (float) rng.nextDouble();
            int c = (i / hw) % 3;
            imagenet[i] = (pixel - mean[c]) / std[c];
            half[i] = (pixel - 0.5f) / 0.5f;
        }
        try (NDManager m = Engines.newManager()) {
            Network on = new GoogLeNet(1000, true);
            Network off = new GoogLeNet(1000, false);
            for (Network n : List.of(on, off)) {
                n.materialize(m, 1);
                WeightLoader.load(n, weights, "synthetic", true);
            }
            Shape shape = new Shape(1, 3, 32, 32);
            float[] a = on.forward(m.create(imagenet, shape), Ctx.EVAL).toFloatArray();
            float[] b = off.forward(m.create(half, shape), Ctx.EVAL).toFloatArray();
            assertAllClose(a, b, PARITY_RTOL, 0, "transform_input vs mean=std=0.5");
            float[] plain = off.forward(m.create(imagenet, shape), Ctx.EVAL).toFloatArray();
            assertTrue(relativeError(plain, b) > 0.01, "the flag must change the result");
        }
    }

    @Test
    void vggStagesEndAtTheMaxPoolsThenTheHiddenLayers() {
        Network vgg = Architectures.get("vgg16_bn").create(10);
        List<Network.Stage> st = vgg.stages();
        assertEquals(List.of("block1", "block2", "block3", "block4", "block5", "pre_logits"),
                st.stream().map(Network.Stage::name).toList());
        assertEquals(List.of("features.0", "features.1", "features.3", "features.4"), st.get(0).prefixes());
        assertEquals(List.of("classifier.0", "classifier.3"), st.get(5).prefixes());
        assertEquals("classifier.6", vgg.headPath());
        assertEquals(10, vgg.numClasses());
    }

    @Test
    void everyParameterBelowTheHeadBelongsToExactlyOneStage() {
        for (ArchInfo info : Architectures.all()) {
            if (!List.of("vgg", "googlenet", "inception").contains(info.family())) {
                continue;
            }
            Network net = info.create(5);
            List<String> problems = new ArrayList<>();
            net.namedParams().keySet().forEach(name -> {
                long n = net.stages().stream().filter(s -> s.contains(name)).count();
                if (!net.isHeadParam(name) && n != 1) {
                    problems.add(name + " in " + n + " stages");
                }
            });
            assertTrue(problems.isEmpty(), info.name() + ": " + problems);
        }
    }

    private static void addConvBn(StateDict d, String prefix, int out, int in, int k) {
        d.put(prefix + ".conv.weight", zeros(out, in, k, k));
        for (String b : List.of("weight", "bias", "running_mean", "running_var")) {
            d.put(prefix + ".bn." + b, zeros(out));
        }
        d.put(prefix + ".bn.num_batches_tracked", zeros());
    }

    private static HostTensor zeros(long... shape) {
        return new HostTensor(shape, new float[Math.toIntExact(HostTensor.numel(shape))]);
    }
}
