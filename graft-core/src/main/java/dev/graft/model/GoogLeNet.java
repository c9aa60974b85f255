package dev.graft.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.nn.Ctx;
import dev.graft.nn.Layers;
import dev.graft.nn.Module;
import dev.graft.nn.Sequential;
import java.util.List;

/**
 * torchvision's GoogLeNet (Inception v1), with its parameter names and its known deviation from
 * the paper (the "5×5" branch uses a 3×3 convolution). The head is {@code fc}.
 *
 * <p>The auxiliary classifiers ({@code aux1}, {@code aux2}) are never built: they only help
 * training from scratch. Files that hold them, such as torchvision's ImageNet weights, load with
 * those tensors ignored and reported.
 *
 * <p>{@code transformInput} is torchvision's {@code transform_input}: it turns input normalised
 * with ImageNet's mean and std into {@code (x - 0.5) / 0.5}, the scaling the ported TensorFlow
 * weights expect. The registered {@code googlenet} leaves it off, as torchvision's constructor
 * does; the ImageNet spec states the equivalent preprocessing (mean = std = 0.5) instead.
 */
public final class GoogLeNet extends Network {
    private static final double INIT_STD = 0.01;
    private static final float DROPOUT = 0.2f;
    private static final int FEATURES = 1024;

    private final boolean transformInput;
    private final Module[] stem;
    private final Module[] body;

    /** GoogLeNet as registered: {@code transform_input} off. */
    public GoogLeNet(int numClasses) {
        this(numClasses, false);
    }

    public GoogLeNet(int numClasses, boolean transformInput) {
        super("googlenet", "fc", FEATURES);
        this.transformInput = transformInput;
        this.stem = new Module[] {
            child("conv1", new BasicConv2d(3, 64, 7, 2, 3, INIT_STD)),
            child("maxpool1", Layers.maxPool(3, 2, 0, true)),
            child("conv2", new BasicConv2d(64, 64, 1, 1, 0, INIT_STD)),
            child("conv3", new BasicConv2d(64, 192, 3, 1, 1, INIT_STD)),
            child("maxpool2", Layers.maxPool(3, 2, 0, true)),
        };
        this.body = new Module[] {
            child("inception3a", new Inception(192, 64, 96, 128, 16, 32, 32)),
            child("inception3b", new Inception(256, 128, 128, 192, 32, 96, 64)),
            child("maxpool3", Layers.maxPool(3, 2, 0, true)),
            child("inception4a", new Inception(480, 192, 96, 208, 16, 48, 64)),
            child("inception4b", new Inception(512, 160, 112, 224, 24, 64, 64)),
            child("inception4c", new Inception(512, 128, 128, 256, 24, 64, 64)),
            child("inception4d", new Inception(512, 112, 144, 288, 32, 64, 64)),
            child("inception4e", new Inception(528, 256, 160, 320, 32, 128, 128)),
            child("maxpool4", Layers.maxPool(2, 2, 0, true)),
            child("inception5a", new Inception(832, 256, 160, 320, 32, 128, 128)),
            child("inception5b", new Inception(832, 384, 192, 384, 48, 128, 128)),
        };
        child("fc", new ClassifierHead(FEATURES, numClasses, HeadSpec.LINEAR));
    }

    public boolean transformInput() {
        return transformInput;
    }

    @Override
    public NDArray features(NDArray x, Ctx ctx) {
        return pooled(x, transformInput, java.util.stream.Stream.concat(java.util.Arrays.stream(stem),
                java.util.Arrays.stream(body)).toList(), DROPOUT, ctx);
    }

    /**
     * What GoogLeNet and Inception v3 share on top: the input transformed as torchvision's weights
     * expect (when asked), every layer in order, then global average pooling and dropout.
     */
    static NDArray pooled(NDArray x, boolean transformInput, List<Module> layers, float dropout, Ctx ctx) {
        if (transformInput) {
            x = applyTransformInput(x);
        }
        for (Module m : layers) {
            x = m.call(x, ctx);
        }
        return Layers.dropout(Layers.globalAvgPool(x), dropout, ctx);
    }

    @Override
    public List<Stage> stages() {
        return List.of(
                new Stage("stem", List.of("conv1", "conv2", "conv3")),
                new Stage("inception3", List.of("inception3a", "inception3b")),
                new Stage("inception4", List.of("inception4a", "inception4b", "inception4c", "inception4d",
                        "inception4e")),
                new Stage("inception5", List.of("inception5a", "inception5b")));
    }

    /**
     * torchvision's {@code _transform_input}: channel c becomes {@code x·(std_c/0.5) + (mean_c-0.5)/0.5}
     * with ImageNet's mean and std, so ImageNet-normalised input arrives scaled to [-1, 1].
     * Shared with Inception v3, whose ported weights expect the same.
     */
    static NDArray applyTransformInput(NDArray x) {
        double[] mean = {0.485, 0.456, 0.406};
        double[] std = {0.229, 0.224, 0.225};
        float[] scale = new float[3];
        float[] shift = new float[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = (float) (std[c] / 0.5);
            shift[c] = (float) ((mean[c] - 0.5) / 0.5);
        }
        NDManager m = x.getManager();
        Shape shape = new Shape(1, 3, 1, 1);
        return x.mul(m.create(scale, shape)).add(m.create(shift, shape));
    }

    /** The auxiliary classifiers are not part of this network: their tensors are ignored. */
    @Override
    public String canonicalName(String fileName) {
        return fileName.startsWith("aux1.") || fileName.startsWith("aux2.") ? null : fileName;
    }

    /** Four parallel branches (1×1; 1×1→3×3; 1×1→3×3; 3×3 max-pool→1×1) concatenated on channels. */
    static final class Inception extends Module {
        private final Module branch1;
        private final Module branch2;
        private final Module branch3;
        private final Module branch4;

        Inception(int in, int ch1x1, int ch3x3red, int ch3x3, int ch5x5red, int ch5x5, int poolProj) {
            branch1 = child("branch1", new BasicConv2d(in, ch1x1, 1, 1, 0, INIT_STD));
            branch2 = child("branch2", new Sequential(new BasicConv2d(in, ch3x3red, 1, 1, 0, INIT_STD),
                    new BasicConv2d(ch3x3red, ch3x3, 3, 1, 1, INIT_STD)));
            // torchvision's known bug, kept for weight compatibility: 3x3 where the paper has 5x5
            branch3 = child("branch3", new Sequential(new BasicConv2d(in, ch5x5red, 1, 1, 0, INIT_STD),
                    new BasicConv2d(ch5x5red, ch5x5, 3, 1, 1, INIT_STD)));
            branch4 = child("branch4", new Sequential(Layers.maxPool(3, 1, 1, true),
                    new BasicConv2d(in, poolProj, 1, 1, 0, INIT_STD)));
        }

        @Override
        public NDArray forward(NDArray x, Ctx ctx) {
            return NDArrays.concat(new NDList(branch1.forward(x, ctx), branch2.forward(x, ctx),
                    branch3.forward(x, ctx), branch4.forward(x, ctx)), 1);
        }
    }
}
