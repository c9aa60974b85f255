package dev.graft.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.graft.nn.Activations;
import dev.graft.nn.Conv2d;
import dev.graft.nn.Ctx;
import dev.graft.nn.Inits;
import dev.graft.nn.Layers;
import dev.graft.nn.Linear;
import dev.graft.nn.Module;
import dev.graft.nn.MultiheadAttention;
import dev.graft.nn.Norms;
import dev.graft.nn.Param;
import dev.graft.nn.Sequential;
import dev.graft.nn.StochasticDepth;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * torchvision's {@code VisionTransformer} with its parameter names: {@code conv_proj} patch
 * embedding, {@code class_token}, {@code encoder.pos_embedding}, pre-norm encoder layers
 * {@code encoder.layers.encoder_layer_N.{ln_1, self_attention, ln_2, mlp.0, mlp.3}},
 * {@code encoder.ln}, and {@code heads.head}. Features are the class token after the final norm.
 * torchvision's ViT has no stochastic depth; {@link #setStochasticDepth} adds timm's (drop path on
 * both residual branches, rising linearly over the layers), off by default.
 * timm's {@code vit_*_patch16_224} names load too (its fused {@code qkv} is stacked as PyTorch's
 * {@code in_proj_weight}: queries, keys, values).
 */
public final class VisionTransformer extends Network {
    private static final float EPS = 1e-6f;

    /**
     * One ViT shape.
     *
     * @param name registry name
     * @param imageSize square input size the position embedding is built for
     * @param patch patch size
     * @param layers encoder layers
     * @param heads attention heads
     * @param hidden token width
     * @param mlp hidden width of each MLP
     */
    public record Config(String name, int imageSize, int patch, int layers, int heads, int hidden, int mlp) {
        int tokens() {
            return (imageSize / patch) * (imageSize / patch) + 1;
        }
    }

    public static final Config B16 = new Config("vit_b_16", 224, 16, 12, 12, 768, 3072);
    public static final Config S16 = new Config("vit_s_16", 224, 16, 12, 6, 384, 1536);
    public static final Config TI16 = new Config("vit_ti_16", 224, 16, 12, 3, 192, 768);

    private final Config config;
    private final Param classToken;
    private final Conv2d convProj;
    private final Encoder encoder;
    private final AliasNames timm = timmNames();

    public VisionTransformer(Config config, int numClasses) {
        super(config.name(), "heads.head", config.hidden());
        this.config = config;
        classToken = param("class_token", Param.Kind.OTHER, 1, 1, config.hidden());
        convProj = child("conv_proj", new PatchEmbed(config.hidden(), config.patch()));
        encoder = child("encoder", new Encoder(config));
        Named heads = child("heads", new Named());
        heads.add("head", new ClassifierHead(config.hidden(), numClasses, HeadSpec.LINEAR));
        timm.tensor("cls_token", "class_token").tensor("pos_embed", "encoder.pos_embedding")
                .module("patch_embed.proj", "conv_proj").module("norm", "encoder.ln").module("head", "heads.head");
        for (int i = 0; i < config.layers(); i++) {
            String t = "blocks." + i;
            String p = "encoder.layers.encoder_layer_" + i;
            timm.module(t + ".norm1", p + ".ln_1").module(t + ".norm2", p + ".ln_2")
                    .tensor(t + ".attn.qkv.weight", p + ".self_attention.in_proj_weight")
                    .tensor(t + ".attn.qkv.bias", p + ".self_attention.in_proj_bias")
                    .module(t + ".attn.proj", p + ".self_attention.out_proj")
                    .module(t + ".mlp.fc1", p + ".mlp.0").module(t + ".mlp.fc2", p + ".mlp.3");
        }
    }

    @Override
    public NDArray features(NDArray x, Ctx ctx) {
        long n = x.getShape().get(0);
        long size = x.getShape().get(2);
        if (size != config.imageSize() || x.getShape().get(3) != config.imageSize()) {
            throw new IllegalArgumentException(config.name() + " takes " + config.imageSize() + "x"
                    + config.imageSize() + " images, got " + x.getShape() + "; resize the input to "
                    + config.imageSize());
        }
        NDArray tokens = convProj.forward(x, ctx).reshape(n, config.hidden(), -1).transpose(0, 2, 1);
        NDArray cls = classToken.array().broadcast(n, 1, config.hidden());
        // the broadcast starts from the parameter, so hand it to the input's (per-step) manager
        cls.attach(x.getManager());
        NDArray seq = NDArrays.concat(new NDList(cls, tokens), 1);
        return encoder.forward(seq, ctx).get(":, 0");
    }

    @Override
    public boolean setStochasticDepth(float rate) {
        StochasticDepth.setRate(encoder.drops, rate);
        return true;
    }

    /** Patch embedding, class token and positions as the stem; the layers in four groups; the final norm on top. */
    @Override
    public List<Stage> stages() {
        List<Stage> out = new ArrayList<>();
        out.add(new Stage("stem", List.of("class_token", "conv_proj", "encoder.pos_embedding")));
        int groups = 4;
        for (int g = 0; g < groups; g++) {
            List<String> prefixes = new ArrayList<>();
            for (int i = g * config.layers() / groups; i < (g + 1) * config.layers() / groups; i++) {
                prefixes.add("encoder.layers.encoder_layer_" + i);
            }
            if (g == groups - 1) {
                prefixes.add("encoder.ln");
            }
            out.add(new Stage("layers" + (g + 1), prefixes));
        }
        return out;
    }

    /** torchvision starts the class token at zero. */
    @Override
    protected float[] initValues(String localName, Param p, SplittableRandom rng) {
        return Inits.constant((int) p.numel(), 0f);
    }

    /** Adds the position embedding, runs the layers, and normalises. */
    static final class Encoder extends Module {
        private final Param pos;
        private final Named layers;
        private final List<StochasticDepth> drops = new ArrayList<>();
        private final Norms.LayerNorm ln;

        Encoder(Config c) {
            pos = param("pos_embedding", Param.Kind.OTHER, 1, c.tokens(), c.hidden());
            layers = child("layers", new Named());
            for (int i = 0; i < c.layers(); i++) {
                EncoderBlock block = new EncoderBlock(c.hidden(), c.heads(), c.mlp(), i / Math.max(1f, c.layers() - 1f));
                layers.add("encoder_layer_" + i, block);
                drops.add(block.dropAttention);
                drops.add(block.dropMlp);
            }
            ln = child("ln", new Norms.LayerNorm(c.hidden(), EPS));
        }

        @Override
        public NDArray forward(NDArray x, Ctx ctx) {
            return ln.forward(layers.forward(x.add(pos.array()), ctx), ctx);
        }

        /** Position embeddings start from N(0, 0.02), as in BERT and torchvision. */
        @Override
        protected float[] initValues(String localName, Param p, SplittableRandom rng) {
            return Inits.normal((int) p.numel(), 0.02, rng);
        }
    }

    /** Pre-norm self-attention and MLP, each with a residual connection. */
    static final class EncoderBlock extends Module {
        private final Norms.LayerNorm ln1;
        private final MultiheadAttention attention;
        private final Norms.LayerNorm ln2;
        private final Sequential mlp;
        private final Param mlpWeight;
        private final StochasticDepth dropAttention;
        private final StochasticDepth dropMlp;

        EncoderBlock(int hidden, int heads, int mlpDim, float depthFraction) {
            ln1 = child("ln_1", new Norms.LayerNorm(hidden, EPS));
            attention = child("self_attention", new MultiheadAttention(hidden, heads, 0f));
            ln2 = child("ln_2", new Norms.LayerNorm(hidden, EPS));
            XavierLinear fc1 = new XavierLinear(hidden, mlpDim);
            mlp = child("mlp", new Sequential(fc1, Activations.geluModule(), Layers.dropout(0f),
                    new XavierLinear(mlpDim, hidden), Layers.dropout(0f)));
            mlpWeight = fc1.weight();
            dropAttention = StochasticDepth.atDepth(depthFraction, 0f);
            dropMlp = StochasticDepth.atDepth(depthFraction, 0f);
        }

        @Override
        public NDArray forward(NDArray input, Ctx ctx) {
            NDArray a = attention.forward(ln1.forward(input, ctx), ctx);
            NDArray x = dropAttention.forward(a, ctx, attention.inProjWeight().trainable()).add(input);
            NDArray m = mlp.forward(ln2.forward(x, ctx), ctx);
            return dropMlp.forward(m, ctx, mlpWeight.trainable()).add(x);
        }
    }

    /** Children with given names (PyTorch's OrderedDict Sequential), applied in order. */
    static final class Named extends Module {
        private final List<Module> order = new ArrayList<>();
        private final List<String> names = new ArrayList<>();

        void add(String name, Module m) {
            child(name, m);
            names.add(name);
            order.add(m);
        }

        @Override
        protected void onReplace(String name, Module module) {
            order.set(names.indexOf(name), module);
        }

        @Override
        public NDArray forward(NDArray x, Ctx ctx) {
            for (Module m : order) {
                x = m.call(x, ctx);
            }
            return x;
        }
    }

    /** The patch embedding: a conv with kernel and stride = patch, trunc_normal(√(1/fanIn)), zero bias. */
    static final class PatchEmbed extends Conv2d {
        PatchEmbed(int hidden, int patch) {
            super(3, hidden, patch, patch, 0, 1, 1, true);
        }

        @Override
        protected float[] initValues(String localName, Param p, SplittableRandom rng) {
            int n = (int) p.numel();
            return p.kind() == Param.Kind.WEIGHT ? Inits.truncNormal(n, Math.sqrt(1.0 / Inits.fanIn(p.shape())), rng)
                    : Inits.constant(n, 0f);
        }
    }

    /** torchvision's MLPBlock Linear: xavier_uniform weight, bias N(0, 1e-6). */
    static final class XavierLinear extends Linear {
        XavierLinear(int in, int out) {
            super(in, out);
        }

        @Override
        protected float[] initValues(String localName, Param p, SplittableRandom rng) {
            int n = (int) p.numel();
            return p.kind() == Param.Kind.WEIGHT ? Inits.uniform(n, Math.sqrt(6.0 / (in() + out())), rng)
                    : Inits.normal(n, 1e-6, rng);
        }
    }
}
