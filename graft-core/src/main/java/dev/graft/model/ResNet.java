package dev.graft.model;

import ai.djl.ndarray.NDArray;
import dev.graft.nn.BatchNorm2d;
import dev.graft.nn.Conv2d;
import dev.graft.nn.Ctx;
import dev.graft.nn.Layers;
import dev.graft.nn.Module;
import dev.graft.nn.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * torchvision's ResNet (v1.5: the stride sits on the 3×3 convolution of a bottleneck), with its
 * parameter names, so {@code resnet50-*.pth} state dicts load as they are.
 *
 * <p>The {@code small} stem (3×3, stride 1, no max-pool) is Graft's change for tiny images such as
 * Fashion-MNIST's 28×28, where the ImageNet stem would shrink the input to 7×7 before any stage.
 */
public final class ResNet extends Network implements DropPathNetwork {
    /**
     * One ResNet shape.
     *
     * @param name registry name
     * @param bottleneck bottleneck blocks (ResNet-50 and deeper) instead of basic blocks
     * @param layers blocks per stage
     * @param widths channels per stage before bottleneck expansion
     * @param smallStem 3×3 stride-1 stem without max-pool, for inputs of 64 pixels or less
     */
    public record Config(String name, boolean bottleneck, int[] layers, int[] widths, boolean smallStem) {
        int expansion() {
            return bottleneck ? 4 : 1;
        }
    }

    public static final Config RESNET18 = new Config("resnet18", false, new int[] {2, 2, 2, 2}, new int[] {64, 128, 256, 512}, false);
    public static final Config RESNET34 = new Config("resnet34", false, new int[] {3, 4, 6, 3}, new int[] {64, 128, 256, 512}, false);
    public static final Config RESNET50 = new Config("resnet50", true, new int[] {3, 4, 6, 3}, new int[] {64, 128, 256, 512}, false);
    public static final Config RESNET101 = new Config("resnet101", true, new int[] {3, 4, 23, 3}, new int[] {64, 128, 256, 512}, false);
    public static final Config RESNET18_SMALL = new Config("resnet18_small", false, new int[] {2, 2, 2, 2}, new int[] {16, 32, 64, 128}, true);

    private final Config config;
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Module maxpool;
    private final Sequential[] stages = new Sequential[4];

    public ResNet(Config config, int numClasses) {
        super(config.name(), "fc", config.widths()[3] * config.expansion());
        this.config = config;
        int stemWidth = config.widths()[0];
        this.conv1 = child("conv1", config.smallStem()
                ? new Conv2d(3, stemWidth, 3, 1, 1, 1, 1, false).kaimingFanOut()
                : new Conv2d(3, stemWidth, 7, 2, 3, 1, 1, false).kaimingFanOut());
        this.bn1 = child("bn1", new BatchNorm2d(stemWidth));
        this.maxpool = config.smallStem() ? Layers.identity() : Layers.maxPool(3, 2, 1, false);
        int inplanes = stemWidth;
        for (int s = 0; s < 4; s++) {
            Sequential stage = new Sequential();
            int planes = config.widths()[s];
            for (int b = 0; b < config.layers()[s]; b++) {
                int stride = (s > 0 && b == 0) ? 2 : 1;
                stage.add(config.bottleneck()
                        ? new Bottleneck(inplanes, planes, stride)
                        : new BasicBlock(inplanes, planes, stride));
                inplanes = planes * config.expansion();
            }
            stages[s] = child("layer" + (s + 1), stage);
        }
        child("fc", new ClassifierHead(inplanes, numClasses, HeadSpec.LINEAR));
    }

    public Config config() {
        return config;
    }

    @Override
    public NDArray features(NDArray x, Ctx ctx) {
        x = ai.djl.nn.Activation.relu(bn1.forward(conv1.forward(x, ctx), ctx));
        x = maxpool.forward(x, ctx);
        for (Sequential stage : stages) {
            x = stage.call(x, ctx);
        }
        return Layers.globalAvgPool(x);
    }

    @Override
    public void setDropPath(float rate) {
        List<Block> blocks = blocks();
        for (int i = 0; i < blocks.size(); i++) {
            blocks.get(i).dropPath = blocks.size() == 1 ? rate : rate * i / (blocks.size() - 1);
        }
    }

    @Override
    public List<Float> dropPathRates() {
        List<Float> out = new ArrayList<>();
        blocks().forEach(b -> out.add(b.dropPath));
        return out;
    }

    private List<Block> blocks() {
        List<Block> out = new ArrayList<>();
        for (Sequential stage : stages) {
            // a stage may also hold modules inserted later (PEFT adapters); only residual blocks drop paths
            stage.children().values().forEach(m -> {
                if (m instanceof Block b) {
                    out.add(b);
                }
            });
        }
        return out;
    }

    @Override
    public List<Stage> stages() {
        List<Stage> out = new ArrayList<>();
        out.add(new Stage("stem", List.of("conv1", "bn1")));
        for (int s = 1; s <= 4; s++) {
            out.add(new Stage("layer" + s, List.of("layer" + s)));
        }
        return out;
    }

    private static Sequential downsample(int in, int out, int stride) {
        return new Sequential(new Conv2d(in, out, 1, stride, 0, 1, 1, false).kaimingFanOut(), new BatchNorm2d(out));
    }

    /** A residual block; {@code dropPath} is its stochastic-depth rate. */
    abstract static class Block extends Module {
        float dropPath;
    }

    /** Two 3×3 convolutions with an identity (or 1×1 projection) shortcut. */
    static final class BasicBlock extends Block {
        private final Conv2d conv1;
        private final BatchNorm2d bn1;
        private final Conv2d conv2;
        private final BatchNorm2d bn2;
        private final Sequential down;

        BasicBlock(int in, int planes, int stride) {
            conv1 = child("conv1", new Conv2d(in, planes, 3, stride, 1, 1, 1, false).kaimingFanOut());
            bn1 = child("bn1", new BatchNorm2d(planes));
            conv2 = child("conv2", new Conv2d(planes, planes, 3, 1, 1, 1, 1, false).kaimingFanOut());
            bn2 = child("bn2", new BatchNorm2d(planes));
            down = (stride != 1 || in != planes) ? child("downsample", downsample(in, planes, stride)) : null;
        }

        @Override
        public NDArray forward(NDArray x, Ctx ctx) {
            NDArray y = ai.djl.nn.Activation.relu(bn1.forward(conv1.forward(x, ctx), ctx));
            y = Layers.dropPath(bn2.forward(conv2.forward(y, ctx), ctx), dropPath, ctx);
            NDArray shortcut = down == null ? x : down.forward(x, ctx);
            return ai.djl.nn.Activation.relu(y.addi(shortcut));
        }
    }

    /** 1×1 reduce, 3×3 (carrying the stride), 1×1 expand by 4, with a shortcut. */
    static final class Bottleneck extends Block {
        private final Conv2d conv1;
        private final BatchNorm2d bn1;
        private final Conv2d conv2;
        private final BatchNorm2d bn2;
        private final Conv2d conv3;
        private final BatchNorm2d bn3;
        private final Sequential down;

        Bottleneck(int in, int planes, int stride) {
            int out = planes * 4;
            conv1 = child("conv1", new Conv2d(in, planes, 1, 1, 0, 1, 1, false).kaimingFanOut());
            bn1 = child("bn1", new BatchNorm2d(planes));
            conv2 = child("conv2", new Conv2d(planes, planes, 3, stride, 1, 1, 1, false).kaimingFanOut());
            bn2 = child("bn2", new BatchNorm2d(planes));
            conv3 = child("conv3", new Conv2d(planes, out, 1, 1, 0, 1, 1, false).kaimingFanOut());
            bn3 = child("bn3", new BatchNorm2d(out));
            down = (stride != 1 || in != out) ? child("downsample", downsample(in, out, stride)) : null;
        }

        @Override
        public NDArray forward(NDArray x, Ctx ctx) {
            NDArray y = ai.djl.nn.Activation.relu(bn1.forward(conv1.forward(x, ctx), ctx));
            y = ai.djl.nn.Activation.relu(bn2.forward(conv2.forward(y, ctx), ctx));
            y = Layers.dropPath(bn3.forward(conv3.forward(y, ctx), ctx), dropPath, ctx);
            NDArray shortcut = down == null ? x : down.forward(x, ctx);
            return ai.djl.nn.Activation.relu(y.addi(shortcut));
        }
    }
}
