package dev.graft.model;

import ai.djl.ndarray.NDArray;
import dev.graft.nn.Activations;
import dev.graft.nn.BatchNorm2d;
import dev.graft.nn.ConvNormAct;
import dev.graft.nn.Conv2d;
import dev.graft.nn.Ctx;
import dev.graft.nn.Layers;
import dev.graft.nn.Module;
import dev.graft.nn.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * torchvision's MobileNetV2 (width 1.0) with its parameter names: {@code features.0} stem,
 * {@code features.1..17} inverted residuals, {@code features.18} the 1×1 conv to 1280, and
 * {@code classifier} = Dropout(0.2), Linear. timm's {@code mobilenetv2_100} names load too.
 */
public final class MobileNetV2 extends Network {
    /** Rows of (expansion t, channels c, repeats n, first stride s), as torchvision lists them. */
    private static final int[][] SETTING = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1},
    };
    private static final int LAST_CHANNEL = 1280;

    private final Sequential features;
    private final Sequential classifier;
    private final AliasNames timm = timmNames();

    public MobileNetV2(int numClasses) {
        super("mobilenet_v2", "classifier.1", LAST_CHANNEL);
        features = child("features", new Sequential());
        features.add(ConvNormAct.of(3, 32, 3, 2, 1, BatchNorm2d::new, Activations.relu6Module()));
        timm.module("conv_stem", "features.0.0").module("bn1", "features.0.1");
        int in = 32;
        for (int s = 0; s < SETTING.length; s++) {
            int[] row = SETTING[s];
            for (int j = 0; j < row[2]; j++) {
                String path = "features." + features.size();
                InvertedResidual block = new InvertedResidual(in, row[1], j == 0 ? row[3] : 1, row[0]);
                block.aliasTimm(timm, "blocks." + s + "." + j, path);
                features.add(block);
                in = row[1];
            }
        }
        timm.module("conv_head", "features." + features.size() + ".0")
                .module("bn2", "features." + features.size() + ".1");
        features.add(ConvNormAct.of(in, LAST_CHANNEL, 1, 1, 1, BatchNorm2d::new, Activations.relu6Module()));
        classifier = child("classifier", new Sequential(Layers.dropout(0.2f),
                new ClassifierHead(LAST_CHANNEL, numClasses, HeadSpec.LINEAR)));
        timm.module("classifier", "classifier.1");
    }

    /** torchvision's {@code _make_divisible}: round to a multiple of the divisor, never more than 10% down. */
    static int makeDivisible(double v, int divisor) {
        int out = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
        return out < 0.9 * v ? out + divisor : out;
    }

    @Override
    public NDArray features(NDArray x, Ctx ctx) {
        return classifier.forwardRange(Layers.globalAvgPool(features.forward(x, ctx)), ctx, 0, 1);
    }

    /** Stem with the first block, then one stage per resolution (/4, /8, /16, /32 with the head conv). */
    @Override
    public List<Stage> stages() {
        return List.of(new Stage("stem", range(0, 2)), new Stage("stage1", range(2, 4)),
                new Stage("stage2", range(4, 7)), new Stage("stage3", range(7, 14)),
                new Stage("stage4", range(14, 19)));
    }

    static List<String> range(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add("features." + i);
        }
        return out;
    }

    /** Expand 1×1 (unless t = 1), depthwise 3×3, linear 1×1 projection; residual when shapes allow. */
    static final class InvertedResidual extends Module {
        private final Sequential conv;
        private final boolean residual;
        private final boolean expand;

        InvertedResidual(int in, int out, int stride, int t) {
            int hidden = Math.round(in * (float) t);
            residual = stride == 1 && in == out;
            expand = t != 1;
            conv = child("conv", new Sequential());
            if (expand) {
                conv.add(ConvNormAct.of(in, hidden, 1, 1, 1, BatchNorm2d::new, Activations.relu6Module()));
            }
            conv.add(ConvNormAct.of(hidden, hidden, 3, stride, hidden, BatchNorm2d::new, Activations.relu6Module()));
            conv.add(new Conv2d(hidden, out, 1, 1, 0, 1, 1, false).kaimingFanOut());
            conv.add(new BatchNorm2d(out));
        }

        /** timm's DepthwiseSeparableConv (t = 1) or InvertedResidual names for this block. */
        void aliasTimm(AliasNames names, String timm, String path) {
            String c = path + ".conv.";
            if (expand) {
                names.module(timm + ".conv_pw", c + "0.0").module(timm + ".bn1", c + "0.1")
                        .module(timm + ".conv_dw", c + "1.0").module(timm + ".bn2", c + "1.1")
                        .module(timm + ".conv_pwl", c + "2").module(timm + ".bn3", c + "3");
            } else {
                names.module(timm + ".conv_dw", c + "0.0").module(timm + ".bn1", c + "0.1")
                        .module(timm + ".conv_pw", c + "1").module(timm + ".bn2", c + "2");
            }
        }

        @Override
        public NDArray forward(NDArray x, Ctx ctx) {
            NDArray y = conv.forward(x, ctx);
            return residual ? y.add(x) : y;
        }
    }
}
