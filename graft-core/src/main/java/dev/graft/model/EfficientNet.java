package dev.graft.model;

import ai.djl.ndarray.NDArray;
import dev.graft.nn.Activations;
import dev.graft.nn.BatchNorm2d;
import dev.graft.nn.Conv2d;
import dev.graft.nn.ConvNormAct;
import dev.graft.nn.Ctx;
import dev.graft.nn.Layers;
import dev.graft.nn.Module;
import dev.graft.nn.Param;
import dev.graft.nn.Sequential;
import dev.graft.nn.SqueezeExcitation;
import dev.graft.nn.StochasticDepth;
import java.util.ArrayList;
import java.util.List;

/**
 * torchvision's EfficientNet-B0..B3 (torchvision 0.14) with its parameter names: {@code features.0}
 * stem, {@code features.1..7} stages of MBConv blocks, {@code features.8} the 1×1 head conv, and
 * {@code classifier} = Dropout, Linear. BatchNorm keeps PyTorch's eps 1e-5 (only EfficientNetV2
 * uses 1e-3). Residual branches use stochastic depth, rising linearly to 0.2 over the blocks.
 * timm's {@code efficientnet_b0..b3} names load too; its TensorFlow ports ({@code tf_*}) use
 * "same" padding and eps 1e-3 and are a different network.
 */
public final class EfficientNet extends Network {
    /** (expand ratio, kernel, stride, in, out, layers) of B0, which width and depth multipliers scale. */
    private static final int[][] BASE = {
        {1, 3, 1, 32, 16, 1}, {6, 3, 2, 16, 24, 2}, {6, 5, 2, 24, 40, 2}, {6, 3, 2, 40, 80, 3},
        {6, 5, 1, 80, 112, 3}, {6, 5, 2, 112, 192, 4}, {6, 3, 1, 192, 320, 1},
    };
    private static final float STOCHASTIC_DEPTH = 0.2f;

    /**
     * One EfficientNet scale.
     *
     * @param name registry name
     * @param width channel multiplier
     * @param depth layer-count multiplier
     * @param dropout dropout before the classifier
     */
    public record Config(String name, double width, double depth, float dropout) {}

    public static final Config B0 = new Config("efficientnet_b0", 1.0, 1.0, 0.2f);
    public static final Config B1 = new Config("efficientnet_b1", 1.0, 1.1, 0.2f);
    public static final Config B2 = new Config("efficientnet_b2", 1.1, 1.2, 0.3f);
    public static final Config B3 = new Config("efficientnet_b3", 1.2, 1.4, 0.3f);

    private final Config config;
    private final Sequential features;
    private final Sequential classifier;
    private final AliasNames timm = timmNames();
    private final List<StochasticDepth> drops = new ArrayList<>();

    public EfficientNet(Config config, int numClasses) {
        super(config.name(), "classifier.1", 4 * channels(config, BASE[BASE.length - 1][4]));
        this.config = config;
        features = child("features", new Sequential());
        int stem = channels(32);
        features.add(ConvNormAct.of(3, stem, 3, 2, 1, BatchNorm2d::new, Activations.siluModule()));
        timm.module("conv_stem", "features.0.0").module("bn1", "features.0.1");
        int total = 0;
        for (int[] row : BASE) {
            total += layers(row[5]);
        }
        int blockId = 0;
        int in = stem;
        for (int s = 0; s < BASE.length; s++) {
            int[] row = BASE[s];
            int out = channels(row[4]);
            Sequential stage = new Sequential();
            for (int j = 0; j < layers(row[5]); j++) {
                StochasticDepth drop = StochasticDepth.atDepth((float) blockId++ / total, STOCHASTIC_DEPTH);
                MBConv block = new MBConv(in, out, row[1], j == 0 ? row[2] : 1, row[0], drop);
                timm.invertedResidual("blocks." + s + "." + j, "features." + (s + 1) + "." + j, block.expand, true);
                stage.add(block);
                drops.add(drop);
                in = out;
            }
            features.add(stage);
        }
        timm.module("conv_head", "features." + features.size() + ".0")
                .module("bn2", "features." + features.size() + ".1");
        features.add(ConvNormAct.of(in, featureDim(), 1, 1, 1, BatchNorm2d::new, Activations.siluModule()));
        classifier = child("classifier", new Sequential(Layers.dropout(config.dropout()),
                new ClassifierHead(featureDim(), numClasses, HeadSpec.LINEAR)));
        timm.module("classifier", "classifier.1");
    }

    /** Block k of n drops with probability rate·k/n; torchvision's default rate is 0.2. */
    @Override
    public boolean setStochasticDepth(float rate) {
        StochasticDepth.setRate(drops, rate);
        return true;
    }

    private int channels(int c) {
        return channels(config, c);
    }

    private static int channels(Config config, int c) {
        return MobileNetV2.makeDivisible(c * config.width(), 8);
    }

    private int layers(int n) {
        return (int) Math.ceil(n * config.depth());
    }

    @Override
    public NDArray features(NDArray x, Ctx ctx) {
        return classifier.forwardRange(Layers.globalAvgPool(features.forward(x, ctx)), ctx, 0, 1);
    }

    /** Stem with the first stage (/2), then /4, /8, /16 and /32 with the head conv. */
    @Override
    public List<Stage> stages() {
        return List.of(new Stage("stem", MobileNetV2.range(0, 2)), new Stage("stage1", MobileNetV2.range(2, 3)),
                new Stage("stage2", MobileNetV2.range(3, 4)), new Stage("stage3", MobileNetV2.range(4, 6)),
                new Stage("stage4", MobileNetV2.range(6, 9)));
    }

    /** [expand 1×1], depthwise, squeeze-excitation, project 1×1, with SiLU; residual through stochastic depth. */
    static final class MBConv extends Module {
        private final Sequential block;
        private final StochasticDepth drop;
        private final Param projection;
        private final boolean residual;
        final boolean expand;

        MBConv(int in, int out, int kernel, int stride, int expandRatio, StochasticDepth drop) {
            int expanded = MobileNetV2.makeDivisible(in * (double) expandRatio, 8);
            residual = stride == 1 && in == out;
            expand = expanded != in;
            block = child("block", new Sequential());
            if (expand) {
                block.add(ConvNormAct.of(in, expanded, 1, 1, 1, BatchNorm2d::new, Activations.siluModule()));
            }
            block.add(ConvNormAct.of(expanded, expanded, kernel, stride, expanded, BatchNorm2d::new,
                    Activations.siluModule()));
            block.add(new SqueezeExcitation(expanded, Math.max(1, in / 4), Activations::silu, Activations::sigmoid));
            Sequential project = ConvNormAct.of(expanded, out, 1, 1, 1, BatchNorm2d::new, null);
            block.add(project);
            projection = ((Conv2d) project.get(0)).weight();
            this.drop = drop;
        }

        @Override
        public NDArray forward(NDArray x, Ctx ctx) {
            NDArray y = block.forward(x, ctx);
            return residual ? drop.forward(y, ctx, projection.trainable()).add(x) : y;
        }
    }
}
