package dev.graft.nn;

import ai.djl.ndarray.NDArray;
import java.util.SplittableRandom;

/**
 * PyTorch's {@code nn.MultiheadAttention(dim, heads, batch_first=True)} used as self-attention:
 * {@code in_proj_weight [3·dim, dim]} and {@code in_proj_bias [3·dim]} hold the query, key and
 * value projections stacked in that order, {@code out_proj} is a Linear. Inputs are [N, L, dim].
 */
public final class MultiheadAttention extends Module {
    private final Param inProjWeight;
    private final Param inProjBias;
    private final Linear outProj;
    private final int dim;
    private final int heads;
    private final float dropout;

    /**
     * @param dropout dropout on the attention weights in training passes (torchvision's ViT uses 0)
     */
    public MultiheadAttention(int dim, int heads, float dropout) {
        if (dim % heads != 0) {
            throw new IllegalArgumentException("attention width " + dim + " is not divisible by " + heads + " heads");
        }
        this.dim = dim;
        this.heads = heads;
        this.dropout = dropout;
        this.inProjWeight = param("in_proj_weight", Param.Kind.WEIGHT, 3L * dim, dim);
        this.inProjBias = param("in_proj_bias", Param.Kind.BIAS, 3L * dim);
        this.outProj = child("out_proj", new Linear(dim, dim) {
            @Override
            protected float[] initValues(String localName, Param p, SplittableRandom rng) {
                // PyTorch zeroes out_proj.bias; its weight keeps the Linear default
                return p.kind() == Param.Kind.BIAS ? Inits.constant((int) p.numel(), 0f)
                        : super.initValues(localName, p, rng);
            }
        });
    }

    public Param inProjWeight() {
        return inProjWeight;
    }

    @Override
    public NDArray forward(NDArray x, Ctx ctx) {
        long n = x.getShape().get(0);
        long len = x.getShape().get(1);
        int headDim = dim / heads;
        NDArray qkv = ai.djl.nn.core.Linear.linear(x, inProjWeight.value(x), inProjBias.array()).singletonOrThrow();
        // [N, L, 3, H, d] -> [3, N, H, L, d]
        qkv = qkv.reshape(n, len, 3, heads, headDim).transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get(0).mul(Layers.scalar(x, (float) (1.0 / Math.sqrt(headDim))));
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        NDArray attn = q.matMul(k.swapAxes(-1, -2)).softmax(-1);
        attn = Layers.dropout(attn, dropout, ctx);
        NDArray out = attn.matMul(v).transpose(0, 2, 1, 3).reshape(n, len, dim);
        return outProj.forward(out, ctx);
    }

    /** As PyTorch: xavier_uniform_ for the stacked projections, zero biases. */
    @Override
    protected float[] initValues(String localName, Param p, SplittableRandom rng) {
        if (p == inProjWeight) {
            long[] s = p.shape();
            return Inits.uniform((int) p.numel(), Math.sqrt(6.0 / (s[0] + s[1])), rng);
        }
        return Inits.constant((int) p.numel(), 0f);
    }
}
