package dev.graft.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.engine.Engines;
import dev.graft.nn.Ctx;
import org.junit.jupiter.api.Test;

class ResNetTest {
    @Test
    void resnet18HasTorchvisionNamesAndParameterCount() {
        Network net = Architectures.get("resnet18").create(1000);
        var names = net.namedParams().keySet();
        assertTrue(names.contains("conv1.weight"));
        assertTrue(names.contains("layer2.0.downsample.0.weight"));
        assertTrue(names.contains("layer4.1.bn2.running_var"));
        assertTrue(names.contains("fc.bias"));
        assertEquals(11_689_512L, net.countParams()); // torchvision's resnet18
        assertEquals(25_557_032L, Architectures.get("resnet50").create(1000).countParams());
    }

    @Test
    void smallVariantRunsOnFashionMnistSizedInput() {
        try (NDManager m = Engines.newManager()) {
            Network net = Architectures.get("resnet18_small").create(5);
            net.materialize(m, 1);
            NDArray x = m.randomNormal(new Shape(3, 3, 28, 28));
            NDArray y = net.forward(x, Ctx.EVAL);
            assertArrayEquals(new long[] {3, 5}, y.getShape().getShape());
            assertArrayEquals(new long[] {3, 128}, net.features(x, Ctx.EVAL).getShape().getShape());
        }
    }
}
