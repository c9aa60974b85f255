package dev.graft.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * Pooling with PyTorch's exact window rules, for the architectures whose torchvision code relies
 * on them: {@code AdaptiveAvgPool2d} to any output size (VGG's 7×7, also from smaller maps) and
 * {@code avg_pool2d} with {@code ceil_mode} and {@code count_include_pad} (Inception).
 */
public final class Pooling {
    private Pooling() {}

    /** {@code nn.AdaptiveAvgPool2d((outH, outW))} as a module. */
    public static Module adaptiveAvgPool(int outH, int outW) {
        return new Layers.Op("AdaptiveAvgPool2d(" + outH + ", " + outW + ")",
                (x, c) -> adaptiveAvgPool(x, outH, outW));
    }

    /**
     * {@code F.adaptive_avg_pool2d(x, (outH, outW))} for [N, C, H, W]. Output cell (i, j) averages
     * rows {@code floor(i·H/outH)} to {@code ceil((i+1)·H/outH)} (exclusive) and likewise columns,
     * so windows overlap or repeat input cells when the output is larger than the input.
     *
     * <p>The windows are rectangles, so the average is separable: right-multiplying by a [W, outW]
     * averaging matrix pools columns and left-multiplying by an [outH, H] one pools rows. That
     * keeps the op differentiable with two matmuls instead of outH·outW slices.
     */
    public static NDArray adaptiveAvgPool(NDArray x, int outH, int outW) {
        long[] sh = x.getShape().getShape();
        if (sh.length != 4) {
            throw new IllegalArgumentException("adaptive average pooling needs [N, C, H, W], got " + x.getShape());
        }
        int inH = Math.toIntExact(sh[2]);
        int inW = Math.toIntExact(sh[3]);
        if (inH == outH && inW == outW) {
            return x;
        }
        if (outH == 1 && outW == 1) {
            return Pool.globalAvgPool2d(x).reshape(sh[0], sh[1], 1, 1);
        }
        NDManager m = x.getManager();
        NDArray cols = m.create(windowMatrix(inW, outW, true), new Shape(inW, outW));
        NDArray rows = m.create(windowMatrix(inH, outH, false), new Shape(outH, inH));
        return rows.matMul(x.matMul(cols));
    }

    /** First input index of adaptive window {@code i} of {@code out} over {@code in} cells. */
    static int windowStart(int i, int in, int out) {
        return (int) ((long) i * in / out);
    }

    /** One past the last input index of adaptive window {@code i}. */
    static int windowEnd(int i, int in, int out) {
        return (int) (((long) (i + 1) * in + out - 1) / out);
    }

    /**
     * The averaging matrix of adaptive windows: [in, out] when {@code inByOut} (for pooling the
     * last axis by right-multiplication), else [out, in].
     */
    private static float[] windowMatrix(int in, int out, boolean inByOut) {
        float[] a = new float[in * out];
        for (int o = 0; o < out; o++) {
            int s = windowStart(o, in, out);
            int e = windowEnd(o, in, out);
            float w = 1f / (e - s);
            for (int k = s; k < e; k++) {
                a[inByOut ? k * out + o : o * in + k] = w;
            }
        }
        return a;
    }

    /**
     * {@code nn.AvgPool2d(kernel, stride, padding, ceil_mode, count_include_pad)}. PyTorch's
     * defaults are {@code ceil_mode=false, count_include_pad=true}; with the latter, padded zeros
     * count in the divisor, which is what Inception's {@code F.avg_pool2d(x, 3, 1, 1)} computes.
     */
    public static Module avgPool(int kernel, int stride, int padding, boolean ceil, boolean countIncludePad) {
        Shape k = new Shape(kernel, kernel);
        Shape s = new Shape(stride, stride);
        Shape p = new Shape(padding, padding);
        return new Layers.Op("AvgPool2d(" + kernel + ", " + stride + ", " + padding + ")", (x, c) -> {
            NDArray y = Pool.avgPool2d(x, k, s, p, ceil, true);
            if (countIncludePad || padding == 0) {
                return y;
            }
            // DJL 0.36's PyTorch avgPool2d ignores count_include_pad=false (measured: PoolingTest).
            // Pooling ones gives (valid cells) / (window cells) per output, the factor to undo.
            long[] sh = x.getShape().getShape();
            NDArray valid = Pool.avgPool2d(x.getManager().ones(new Shape(1, 1, sh[2], sh[3])), k, s, p, ceil, true);
            return y.div(valid);
        });
    }
}
