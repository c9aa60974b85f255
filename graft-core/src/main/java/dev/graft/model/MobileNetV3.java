package dev.graft.model;

import ai.djl.ndarray.NDArray;
import dev.graft.nn.Activations;
import dev.graft.nn.BatchNorm2d;
import dev.graft.nn.ConvNormAct;
import dev.graft.nn.Ctx;
import dev.graft.nn.Inits;
import dev.graft.nn.Layers;
import dev.graft.nn.Linear;
import dev.graft.nn.Module;
import dev.graft.nn.Param;
import dev.graft.nn.Sequential;
import dev.graft.nn.SqueezeExcitation;
import dev.graft.weights.HostTensor;
import dev.graft.weights.StateDict;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * torchvision's MobileNetV3 large and small with its parameter names. The classifier is
 * Linear, Hardswish, Dropout(0.2), Linear; the head is {@code classifier.3}, so features are the
 * 1280 (large) or 1024 (small) values after the first Linear and its Hardswish.
 *
 * <p>timm's {@code mobilenetv3_large_100}/{@code mobilenetv3_small_100} files load too: its names
 * are mapped, its 1×1 {@code conv_head} becomes {@code classifier.0}, and because timm trained those
 * weights with BatchNorm eps 1e-5 where torchvision uses 1e-3, each BatchNorm scale is rescaled so
 * the network computes what timm's does.
 */
public final class MobileNetV3 extends Network {
    private static final float BN_EPS = 1e-3f;
    private static final float TIMM_BN_EPS = 1e-5f;

    /**
     * One bottleneck row.
     *
     * @param in input channels
     * @param kernel depthwise kernel size
     * @param expanded expanded channels
     * @param out output channels
     * @param se whether it has squeeze-excitation
     * @param hardswish hardswish (true) or ReLU (false)
     * @param stride depthwise stride
     */
    public record Row(int in, int kernel, int expanded, int out, boolean se, boolean hardswish, int stride) {}

    /**
     * One MobileNetV3 shape.
     *
     * @param name registry name
     * @param rows bottleneck rows, in order
     * @param lastChannel width of the first classifier Linear
     * @param timmStages how timm groups the rows into {@code blocks.i}
     */
    public record Config(String name, List<Row> rows, int lastChannel, int[] timmStages) {}

    public static final Config LARGE = new Config("mobilenet_v3_large", List.of(
            new Row(16, 3, 16, 16, false, false, 1), new Row(16, 3, 64, 24, false, false, 2),
            new Row(24, 3, 72, 24, false, false, 1), new Row(24, 5, 72, 40, true, false, 2),
            new Row(40, 5, 120, 40, true, false, 1), new Row(40, 5, 120, 40, true, false, 1),
            new Row(40, 3, 240, 80, false, true, 2), new Row(80, 3, 200, 80, false, true, 1),
            new Row(80, 3, 184, 80, false, true, 1), new Row(80, 3, 184, 80, false, true, 1),
            new Row(80, 3, 480, 112, true, true, 1), new Row(112, 3, 672, 112, true, true, 1),
            new Row(112, 5, 672, 160, true, true, 2), new Row(160, 5, 960, 160, true, true, 1),
            new Row(160, 5, 960, 160, true, true, 1)), 1280, new int[] {1, 2, 3, 4, 2, 3});

    public static final Config SMALL = new Config("mobilenet_v3_small", List.of(
            new Row(16, 3, 16, 16, true, false, 2), new Row(16, 3, 72, 24, false, false, 2),
            new Row(24, 3, 88, 24, false, false, 1), new Row(24, 5, 96, 40, true, true, 2),
            new Row(40, 5, 240, 40, true, true, 1), new Row(40, 5, 240, 40, true, true, 1),
            new Row(40, 5, 120, 48, true, true, 1), new Row(48, 5, 144, 48, true, true, 1),
            new Row(48, 5, 288, 96, true, true, 2), new Row(96, 5, 576, 96, true, true, 1),
            new Row(96, 5, 576, 96, true, true, 1)), 1024, new int[] {1, 2, 3, 2, 3});

    private final Config config;
    private final Sequential features;
    private final Sequential classifier;
    private final AliasNames timm = timmNames();

    public MobileNetV3(Config config, int numClasses) {
        super(config.name(), "classifier.3", config.lastChannel());
        this.config = config;
        IntFunction<Module> bn = c -> new BatchNorm2d(c, BN_EPS, 0.01f);
        features = child("features", new Sequential());
        int stem = config.rows().get(0).in();
        features.add(ConvNormAct.of(3, stem, 3, 2, 1, bn, Activations.hardswishModule()));
        timm.module("conv_stem", "features.0.0").module("bn1", "features.0.1");
        int row = 0;
        for (int s = 0; s < config.timmStages().length; s++) {
            for (int j = 0; j < config.timmStages()[s]; j++) {
                Bneck block = new Bneck(config.rows().get(row++), bn);
                block.aliasTimm(timm, "blocks." + s + "." + j, "features." + features.size());
                features.add(block);
            }
        }
        int lastIn = config.rows().get(config.rows().size() - 1).out();
        String lastConv = "blocks." + config.timmStages().length + ".0";
        timm.module(lastConv + ".conv", "features." + features.size() + ".0")
                .module(lastConv + ".bn1", "features." + features.size() + ".1");
        features.add(ConvNormAct.of(lastIn, 6 * lastIn, 1, 1, 1, bn, Activations.hardswishModule()));
        classifier = child("classifier", new Sequential(new SmallNormalLinear(6 * lastIn, config.lastChannel()),
                Activations.hardswishModule(), Layers.dropout(0.2f),
                new ClassifierHead(config.lastChannel(), numClasses, HeadSpec.LINEAR)));
        timm.module("conv_head", "classifier.0").module("classifier", "classifier.3");
    }

    @Override
    public NDArray features(NDArray x, Ctx ctx) {
        return classifier.forwardRange(Layers.globalAvgPool(features.forward(x, ctx)), ctx, 0, 3);
    }

    /** Stem, then timm's block groups (each a change of resolution or width); the last takes the head conv and classifier.0. */
    @Override
    public List<Stage> stages() {
        List<Stage> out = new ArrayList<>();
        out.add(new Stage("stem", List.of("features.0")));
        int next = 1;
        int[] groups = config.timmStages();
        for (int s = 0; s < groups.length; s++) {
            List<String> prefixes = new ArrayList<>(MobileNetV2.range(next, next + groups[s]));
            next += groups[s];
            if (s == groups.length - 1) {
                prefixes.add("features." + next);
                prefixes.add("classifier.0");
            }
            out.add(new Stage("stage" + (s + 1), prefixes));
        }
        return out;
    }

    /** Renames; for timm files also reshapes {@code conv_head} and moves BatchNorm scales to eps 1e-3. */
    @Override
    public StateDict adaptStateDict(StateDict file) {
        StateDict out = super.adaptStateDict(file);
        HostTensor head = out.get("classifier.0.weight");
        if (head != null && head.shape().length == 4) {
            out.put("classifier.0.weight", new HostTensor(new long[] {head.shape()[0], head.shape()[1]}, head.data()));
        }
        if (file.contains("conv_stem.weight")) {
            rescaleBatchNorms(out, TIMM_BN_EPS, BN_EPS);
        }
        return out;
    }

    /**
     * Makes BatchNorms with eps {@code to} compute what they computed with eps {@code from}:
     * scale·(x−μ)/√(σ²+from) equals scale'·(x−μ)/√(σ²+to) when scale' = scale·√((σ²+to)/(σ²+from)).
     */
    static void rescaleBatchNorms(StateDict dict, float from, float to) {
        for (String name : List.copyOf(dict.names())) {
            if (!name.endsWith(".running_var")) {
                continue;
            }
            String weightName = name.substring(0, name.length() - ".running_var".length()) + ".weight";
            HostTensor w = dict.get(weightName);
            HostTensor var = dict.get(name);
            if (w == null || w.numel() != var.numel()) {
                continue;
            }
            float[] scaled = new float[w.data().length];
            for (int i = 0; i < scaled.length; i++) {
                double v = var.data()[i];
                scaled[i] = (float) (w.data()[i] * Math.sqrt((v + to) / (v + from)));
            }
            dict.put(weightName, new HostTensor(w.shape(), scaled));
        }
    }

    /** torchvision's MobileNetV3 block: [expand 1×1], depthwise, [squeeze-excitation], project 1×1. */
    static final class Bneck extends Module {
        private final Sequential block;
        private final boolean residual;
        private final boolean expand;
        private final boolean se;

        Bneck(Row r, IntFunction<Module> bn) {
            residual = r.stride() == 1 && r.in() == r.out();
            expand = r.expanded() != r.in();
            se = r.se();
            block = child("block", new Sequential());
            if (expand) {
                block.add(ConvNormAct.of(r.in(), r.expanded(), 1, 1, 1, bn, activation(r)));
            }
            block.add(ConvNormAct.of(r.expanded(), r.expanded(), r.kernel(), r.stride(), r.expanded(), bn,
                    activation(r)));
            if (se) {
                block.add(new SqueezeExcitation(r.expanded(), MobileNetV2.makeDivisible(r.expanded() / 4, 8),
                        ai.djl.nn.Activation::relu, Activations::hardsigmoid));
            }
            block.add(ConvNormAct.of(r.expanded(), r.out(), 1, 1, 1, bn, null));
        }

        private static Module activation(Row r) {
            return r.hardswish() ? Activations.hardswishModule() : Layers.relu();
        }

        void aliasTimm(AliasNames names, String timm, String path) {
            names.invertedResidual(timm, path, expand, se);
        }

        @Override
        public NDArray forward(NDArray x, Ctx ctx) {
            NDArray y = block.forward(x, ctx);
            return residual ? y.add(x) : y;
        }
    }

    /** A Linear initialised as torchvision's MobileNets do: weight N(0, 0.01), bias 0. */
    static final class SmallNormalLinear extends Linear {
        SmallNormalLinear(int in, int out) {
            super(in, out);
        }

        @Override
        protected float[] initValues(String localName, Param p, SplittableRandom rng) {
            int n = (int) p.numel();
            return p.kind() == Param.Kind.WEIGHT ? Inits.normal(n, 0.01, rng) : Inits.constant(n, 0f);
        }
    }
}
