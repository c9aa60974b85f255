package dev.graft.model;

import ai.djl.ndarray.NDArray;
import dev.graft.nn.Activations;
import dev.graft.nn.Conv2d;
import dev.graft.nn.Ctx;
import dev.graft.nn.Inits;
import dev.graft.nn.Layers;
import dev.graft.nn.Linear;
import dev.graft.nn.Module;
import dev.graft.nn.Norms;
import dev.graft.nn.Param;
import dev.graft.nn.Sequential;
import dev.graft.nn.StochasticDepth;
import dev.graft.weights.HostTensor;
import dev.graft.weights.StateDict;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * torchvision's ConvNeXt-Tiny with its parameter names: {@code features.0} patchify stem (4×4
 * conv, LayerNorm2d), stages of CNBlocks at {@code features.1/3/5/7} with downsampling layers
 * between them, and {@code classifier} = LayerNorm2d, Flatten, Linear. Each block scales its
 * residual by a learned {@code layer_scale} [C, 1, 1] and drops it by stochastic depth (rising
 * linearly to 0.1). timm's {@code convnext_tiny} names load too.
 */
public final class ConvNeXt extends Network {
    private static final float EPS = 1e-6f;
    private static final float STOCHASTIC_DEPTH = 0.1f;
    private static final int[] DIMS = {96, 192, 384, 768};
    private static final int[] DEPTHS = {3, 3, 9, 3};

    private static final Module POOL = Layers.globalAvgPool();

    private final Sequential features;
    private final Sequential classifier;
    private final AliasNames timm = timmNames();
    private final List<StochasticDepth> drops = new ArrayList<>();

    public ConvNeXt(int numClasses) {
        super("convnext_tiny", "classifier.2", DIMS[DIMS.length - 1]);
        features = child("features", new Sequential(
                new Sequential(new TruncConv(3, DIMS[0], 4, 4, 0, 1), new Norms.LayerNorm2d(DIMS[0], EPS))));
        timm.module("stem.0", "features.0.0").module("stem.1", "features.0.1");
        int total = 0;
        for (int d : DEPTHS) {
            total += d;
        }
        int blockId = 0;
        for (int s = 0; s < DIMS.length; s++) {
            if (s > 0) {
                String path = "features." + features.size();
                features.add(new Sequential(new Norms.LayerNorm2d(DIMS[s - 1], EPS),
                        new TruncConv(DIMS[s - 1], DIMS[s], 2, 2, 0, 1)));
                timm.module("stages." + s + ".downsample.0", path + ".0")
                        .module("stages." + s + ".downsample.1", path + ".1");
            }
            Sequential stage = new Sequential();
            String stagePath = "features." + features.size();
            for (int j = 0; j < DEPTHS[s]; j++) {
                StochasticDepth drop = StochasticDepth.atDepth(blockId++ / (total - 1f), STOCHASTIC_DEPTH);
                stage.add(new CNBlock(DIMS[s], drop));
                drops.add(drop);
                aliasBlock("stages." + s + ".blocks." + j, stagePath + "." + j);
            }
            features.add(stage);
        }
        int last = DIMS[DIMS.length - 1];
        classifier = child("classifier", new Sequential(new Norms.LayerNorm2d(last, EPS), Layers.flatten(),
                new ClassifierHead(last, numClasses, HeadSpec.LINEAR)));
        timm.module("head.norm", "classifier.0").module("head.fc", "classifier.2");
    }

    /** Block k of n drops with probability rate·k/(n−1); torchvision's default rate for Tiny is 0.1. */
    @Override
    public boolean setStochasticDepth(float rate) {
        StochasticDepth.setRate(drops, rate);
        return true;
    }

    private void aliasBlock(String t, String path) {
        timm.module(t + ".conv_dw", path + ".block.0").module(t + ".norm", path + ".block.2")
                .module(t + ".mlp.fc1", path + ".block.3").module(t + ".mlp.fc2", path + ".block.5")
                .tensor(t + ".gamma", path + ".layer_scale");
    }

    @Override
    public NDArray features(NDArray x, Ctx ctx) {
        NDArray pooled = POOL.forward(features.forward(x, ctx), ctx);
        return classifier.forwardRange(pooled, ctx, 0, 2);
    }

    /** Stem, then each stage with the downsampling layer in front of it; the final norm goes with the top. */
    @Override
    public List<Stage> stages() {
        return List.of(new Stage("stem", List.of("features.0")), new Stage("stage1", List.of("features.1")),
                new Stage("stage2", List.of("features.2", "features.3")),
                new Stage("stage3", List.of("features.4", "features.5")),
                new Stage("stage4", List.of("features.6", "features.7", "classifier.0")));
    }

    /** Renames, and turns timm's [C] layer scales ({@code gamma}) into torchvision's [C, 1, 1]. */
    @Override
    public StateDict adaptStateDict(StateDict file) {
        StateDict out = super.adaptStateDict(file);
        for (String name : List.copyOf(out.names())) {
            HostTensor t = out.get(name);
            if (name.endsWith(".layer_scale") && t.shape().length == 1) {
                out.put(name, new HostTensor(new long[] {t.shape()[0], 1, 1}, t.data()));
            }
        }
        return out;
    }

    /** Depthwise 7×7, LayerNorm and a 4× MLP channels-last, scaled by layer_scale, plus the input. */
    static final class CNBlock extends Module {
        private final Param layerScale;
        private final Sequential block;
        private final StochasticDepth drop;

        CNBlock(int dim, StochasticDepth drop) {
            layerScale = param("layer_scale", Param.Kind.OTHER, dim, 1, 1);
            block = child("block", new Sequential(new TruncConv(dim, dim, 7, 1, 3, dim),
                    new Layers.Op("Permute[0,2,3,1]", (x, c) -> x.transpose(0, 2, 3, 1)),
                    new Norms.LayerNorm(dim, EPS), new TruncLinear(dim, 4 * dim), Activations.geluModule(),
                    new TruncLinear(4 * dim, dim), new Layers.Op("Permute[0,3,1,2]", (x, c) -> x.transpose(0, 3, 1, 2))));
            this.drop = drop;
        }

        @Override
        public NDArray forward(NDArray x, Ctx ctx) {
            NDArray y = block.forward(x, ctx).mul(layerScale.array());
            return drop.forward(y, ctx, layerScale.trainable()).add(x);
        }

        /** torchvision starts layer scale at 1e-6, so each block begins close to the identity. */
        @Override
        protected float[] initValues(String localName, Param p, SplittableRandom rng) {
            return Inits.constant((int) p.numel(), 1e-6f);
        }
    }

    /** A convolution with bias, initialised trunc_normal(0.02) with zero bias as torchvision's ConvNeXt. */
    static final class TruncConv extends Conv2d {
        TruncConv(int in, int out, int kernel, int stride, int padding, int groups) {
            super(in, out, kernel, stride, padding, 1, groups, true);
        }

        @Override
        protected float[] initValues(String localName, Param p, SplittableRandom rng) {
            return truncNormal(p, rng);
        }
    }

    /** A Linear initialised trunc_normal(0.02) with zero bias. */
    static final class TruncLinear extends Linear {
        TruncLinear(int in, int out) {
            super(in, out);
        }

        @Override
        protected float[] initValues(String localName, Param p, SplittableRandom rng) {
            return truncNormal(p, rng);
        }
    }

    static float[] truncNormal(Param p, SplittableRandom rng) {
        int n = (int) p.numel();
        return p.kind() == Param.Kind.WEIGHT ? Inits.truncNormal(n, 0.02, rng) : Inits.constant(n, 0f);
    }
}
