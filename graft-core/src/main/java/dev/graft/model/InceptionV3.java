package dev.graft.model;

import static dev.graft.model.InceptionBlocks.conv;

import ai.djl.ndarray.NDArray;
import dev.graft.nn.Ctx;
import dev.graft.nn.Layers;
import dev.graft.nn.Module;
import java.util.ArrayList;
import java.util.List;

/**
 * torchvision's Inception v3 ({@code Inception3}), with its parameter names; the head is
 * {@code fc}. Its smallest input is 75×75; it is trained at 299×299.
 *
 * <p>The auxiliary classifier ({@code AuxLogits}) is never built; its tensors in a file (as in
 * torchvision's ImageNet weights) are ignored and reported. {@code transformInput} is
 * torchvision's {@code transform_input}, as in {@link GoogLeNet}: off when registered, and the
 * ImageNet spec states the equivalent preprocessing (mean = std = 0.5).
 */
public final class InceptionV3 extends Network {
    private static final float DROPOUT = 0.5f;
    private static final int FEATURES = 2048;

    private final boolean transformInput;
    private final List<Module> layers = new ArrayList<>();

    /** Inception v3 as registered: {@code transform_input} off. */
    public InceptionV3(int numClasses) {
        this(numClasses, false);
    }

    public InceptionV3(int numClasses, boolean transformInput) {
        super("inception_v3", "fc", FEATURES);
        this.transformInput = transformInput;
        add("Conv2d_1a_3x3", conv(3, 32, 3, 2, 0));
        add("Conv2d_2a_3x3", conv(32, 32, 3));
        add("Conv2d_2b_3x3", conv(32, 64, 3, 1, 1));
        add("maxpool1", Layers.maxPool(3, 2, 0, false));
        add("Conv2d_3b_1x1", conv(64, 80, 1));
        add("Conv2d_4a_3x3", conv(80, 192, 3));
        add("maxpool2", Layers.maxPool(3, 2, 0, false));
        add("Mixed_5b", new InceptionBlocks.A(192, 32));
        add("Mixed_5c", new InceptionBlocks.A(256, 64));
        add("Mixed_5d", new InceptionBlocks.A(288, 64));
        add("Mixed_6a", new InceptionBlocks.B(288));
        add("Mixed_6b", new InceptionBlocks.C(768, 128));
        add("Mixed_6c", new InceptionBlocks.C(768, 160));
        add("Mixed_6d", new InceptionBlocks.C(768, 160));
        add("Mixed_6e", new InceptionBlocks.C(768, 192));
        add("Mixed_7a", new InceptionBlocks.D(768));
        add("Mixed_7b", new InceptionBlocks.E(1280));
        add("Mixed_7c", new InceptionBlocks.E(2048));
        child("fc", new ClassifierHead(FEATURES, numClasses, HeadSpec.LINEAR));
    }

    private void add(String name, Module m) {
        layers.add(child(name, m));
    }

    public boolean transformInput() {
        return transformInput;
    }

    @Override
    public NDArray features(NDArray x, Ctx ctx) {
        return GoogLeNet.pooled(x, transformInput, layers, DROPOUT, ctx);
    }

    @Override
    public List<Stage> stages() {
        return List.of(
                new Stage("stem", List.of("Conv2d_1a_3x3", "Conv2d_2a_3x3", "Conv2d_2b_3x3", "Conv2d_3b_1x1",
                        "Conv2d_4a_3x3")),
                new Stage("mixed5", List.of("Mixed_5b", "Mixed_5c", "Mixed_5d")),
                new Stage("mixed6", List.of("Mixed_6a", "Mixed_6b", "Mixed_6c", "Mixed_6d", "Mixed_6e")),
                new Stage("mixed7", List.of("Mixed_7a", "Mixed_7b", "Mixed_7c")));
    }

    /** The auxiliary classifier is not part of this network: its tensors are ignored. */
    @Override
    public String canonicalName(String fileName) {
        return fileName.startsWith("AuxLogits.") ? null : fileName;
    }
}
