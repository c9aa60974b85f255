package dev.graft.model;

import ai.djl.ndarray.NDArray;
import dev.graft.nn.BatchNorm2d;
import dev.graft.nn.Conv2d;
import dev.graft.nn.Ctx;
import dev.graft.nn.Inits;
import dev.graft.nn.Layers;
import dev.graft.nn.Linear;
import dev.graft.nn.Module;
import dev.graft.nn.Param;
import dev.graft.nn.Pooling;
import dev.graft.nn.Sequential;
import dev.graft.weights.HostTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * torchvision's VGG-11/13/16/19, with or without BatchNorm: {@code features} (3×3 convolutions,
 * max-pools) with torchvision's exact indices, {@code AdaptiveAvgPool2d((7, 7))}, and
 * {@code classifier} = Linear(25088, 4096), ReLU, Dropout, Linear(4096, 4096), ReLU, Dropout,
 * Linear(4096, classes). The head is {@code classifier.6}; {@link #features} is its input.
 *
 * <p>timm's VGG names load too: timm keeps {@code classifier.0} and {@code classifier.3} as the
 * convolutions {@code pre_logits.fc1} ([4096, 512, 7, 7]) and {@code pre_logits.fc2}
 * ([4096, 4096, 1, 1]), which are the same numbers as the Linear weights in another shape, and
 * calls the head {@code head.fc}. Both compute the same for inputs whose feature map is 7×7 or
 * smaller (224 px and below); for larger inputs Graft pools to 7×7 first, as torchvision does.
 */
public final class Vgg extends Network {
    /** A max-pool in a layer list. */
    static final int M = 0;

    /**
     * One VGG shape.
     *
     * @param name registry name
     * @param layers output channels of each 3×3 convolution, with {@link #M} for each max-pool
     * @param batchNorm BatchNorm after every convolution (the {@code _bn} variants)
     */
    public record Config(String name, int[] layers, boolean batchNorm) {}

    private static final int[] A = {64, M, 128, M, 256, 256, M, 512, 512, M, 512, 512, M};
    private static final int[] B = {64, 64, M, 128, 128, M, 256, 256, M, 512, 512, M, 512, 512, M};
    private static final int[] D = {64, 64, M, 128, 128, M, 256, 256, 256, M, 512, 512, 512, M, 512, 512, 512, M};
    private static final int[] E = {64, 64, M, 128, 128, M, 256, 256, 256, 256, M, 512, 512, 512, 512, M,
        512, 512, 512, 512, M};

    public static final List<Config> ALL = List.of(
            new Config("vgg11", A, false), new Config("vgg11_bn", A, true),
            new Config("vgg13", B, false), new Config("vgg13_bn", B, true),
            new Config("vgg16", D, false), new Config("vgg16_bn", D, true),
            new Config("vgg19", E, false), new Config("vgg19_bn", E, true));

    private static final int POOLED = 7;
    private static final int HIDDEN = 4096;
    private static final float DROPOUT = 0.5f;

    private final Config config;
    private final Sequential features;
    private final Module avgpool;
    private final Sequential classifier;
    private final List<Stage> stages;

    public Vgg(Config config, int numClasses) {
        super(config.name(), "classifier.6", HIDDEN);
        this.config = config;
        this.features = child("features", new Sequential());
        List<Stage> st = new ArrayList<>();
        List<String> block = new ArrayList<>();
        int in = 3;
        for (int v : config.layers()) {
            if (v == M) {
                features.add(Layers.maxPool(2, 2, 0, false));
                st.add(new Stage("block" + (st.size() + 1), List.copyOf(block)));
                block.clear();
                continue;
            }
            block.add("features." + features.size());
            features.add(new Conv2d(in, v, 3, 1, 1, 1, 1, true).kaimingFanOut());
            if (config.batchNorm()) {
                block.add("features." + features.size());
                features.add(new BatchNorm2d(v));
            }
            features.add(Layers.relu());
            in = v;
        }
        this.avgpool = child("avgpool", Pooling.adaptiveAvgPool(POOLED, POOLED));
        this.classifier = child("classifier", new Sequential(
                normalLinear(in * POOLED * POOLED, HIDDEN), Layers.relu(), Layers.dropout(DROPOUT),
                normalLinear(HIDDEN, HIDDEN), Layers.relu(), Layers.dropout(DROPOUT),
                new ClassifierHead(HIDDEN, numClasses, HeadSpec.LINEAR)));
        st.add(new Stage("pre_logits", List.of("classifier.0", "classifier.3")));
        this.stages = List.copyOf(st);
    }

    /** A Linear layer with torchvision's VGG initialisation: weights N(0, 0.01), biases 0. */
    private static Linear normalLinear(int in, int out) {
        return new Linear(in, out) {
            @Override
            protected float[] initValues(String localName, Param p, SplittableRandom rng) {
                int n = Math.toIntExact(p.numel());
                if (p != weight()) {
                    return Inits.constant(n, 0f);
                }
                // the JDK's ziggurat sampler: classifier.0 alone has 103M weights, and Box-Muller
                // with its log, sqrt, cos and sin per pair took seconds
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (float) (rng.nextGaussian() * 0.01);
                }
                return a;
            }
        };
    }

    public Config config() {
        return config;
    }

    @Override
    public NDArray features(NDArray x, Ctx ctx) {
        x = features.forward(x, ctx);
        x = avgpool.forward(x, ctx);
        x = x.reshape(x.getShape().get(0), -1);
        return classifier.forwardRange(x, ctx, 0, 6);
    }

    /** The five convolution blocks (each ends at a max-pool), then the two hidden Linear layers. */
    @Override
    public List<Stage> stages() {
        return stages;
    }

    @Override
    public String canonicalName(String fileName) {
        if (fileName.startsWith("pre_logits.fc1.")) {
            return "classifier.0." + fileName.substring("pre_logits.fc1.".length());
        }
        if (fileName.startsWith("pre_logits.fc2.")) {
            return "classifier.3." + fileName.substring("pre_logits.fc2.".length());
        }
        if (fileName.startsWith("head.fc.")) {
            return "classifier.6." + fileName.substring("head.fc.".length());
        }
        return fileName;
    }

    /** timm's 7×7 and 1×1 convolution weights become the Linear weights they flatten to. */
    @Override
    public HostTensor canonicalTensor(String fileName, HostTensor tensor) {
        long[] s = tensor.shape();
        boolean convMlp = fileName.equals("pre_logits.fc1.weight") || fileName.equals("pre_logits.fc2.weight");
        if (convMlp && s.length == 4) {
            return new HostTensor(new long[] {s[0], s[1] * s[2] * s[3]}, tensor.data());
        }
        return tensor;
    }
}
