package dev.graft.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.graft.nn.Ctx;
import dev.graft.nn.Layers;
import dev.graft.nn.Module;
import dev.graft.nn.Pooling;

/**
 * The five mixed blocks of torchvision's Inception v3 ({@code InceptionA} to {@code InceptionE}),
 * with its branch names. Children are registered in torchvision's order, which is the state_dict
 * order; the forward passes concatenate branches in the order torchvision does.
 */
final class InceptionBlocks {
    /** torchvision's default {@code stddev} for Inception v3 weights. */
    static final double INIT_STD = 0.1;

    private InceptionBlocks() {}

    static BasicConv2d conv(int in, int out, int kernel) {
        return new BasicConv2d(in, out, kernel, 1, 0, INIT_STD);
    }

    static BasicConv2d conv(int in, int out, int kernel, int stride, int padding) {
        return new BasicConv2d(in, out, kernel, stride, padding, INIT_STD);
    }

    /** A {@code kh×kw} convolution with "same" padding, for the factorised 1×n and n×1 kernels. */
    private static BasicConv2d convNxM(int in, int out, int kh, int kw) {
        return new BasicConv2d(in, out, new int[] {kh, kw}, new int[] {1, 1}, new int[] {kh / 2, kw / 2}, INIT_STD);
    }

    private static NDArray cat(NDArray... parts) {
        return NDArrays.concat(new NDList(parts), 1);
    }

    /** {@code F.avg_pool2d(x, 3, stride=1, padding=1)}: padded zeros count in the divisor. */
    private static final Module AVG_3X3 = Pooling.avgPool(3, 1, 1, false, true);
    /** {@code F.max_pool2d(x, 3, stride=2)}. */
    private static final Module MAX_3X3_S2 = Layers.maxPool(3, 2, 0, false);

    /** 35×35 block: 1×1, 5×5, double 3×3 and pooled branches. */
    static final class A extends Module {
        private final Module b1;
        private final Module b5a;
        private final Module b5b;
        private final Module b3a;
        private final Module b3b;
        private final Module b3c;
        private final Module pool;

        A(int in, int poolFeatures) {
            b1 = child("branch1x1", conv(in, 64, 1));
            b5a = child("branch5x5_1", conv(in, 48, 1));
            b5b = child("branch5x5_2", conv(48, 64, 5, 1, 2));
            b3a = child("branch3x3dbl_1", conv(in, 64, 1));
            b3b = child("branch3x3dbl_2", conv(64, 96, 3, 1, 1));
            b3c = child("branch3x3dbl_3", conv(96, 96, 3, 1, 1));
            pool = child("branch_pool", conv(in, poolFeatures, 1));
        }

        @Override
        public NDArray forward(NDArray x, Ctx c) {
            return cat(b1.forward(x, c), b5b.forward(b5a.forward(x, c), c),
                    b3c.forward(b3b.forward(b3a.forward(x, c), c), c), pool.forward(AVG_3X3.forward(x, c), c));
        }
    }

    /** Grid reduction 35→17: strided 3×3, strided double 3×3, max-pool. */
    static final class B extends Module {
        private final Module b3;
        private final Module d1;
        private final Module d2;
        private final Module d3;

        B(int in) {
            b3 = child("branch3x3", conv(in, 384, 3, 2, 0));
            d1 = child("branch3x3dbl_1", conv(in, 64, 1));
            d2 = child("branch3x3dbl_2", conv(64, 96, 3, 1, 1));
            d3 = child("branch3x3dbl_3", conv(96, 96, 3, 2, 0));
        }

        @Override
        public NDArray forward(NDArray x, Ctx c) {
            return cat(b3.forward(x, c), d3.forward(d2.forward(d1.forward(x, c), c), c), MAX_3X3_S2.forward(x, c));
        }
    }

    /** 17×17 block with factorised 7×7 convolutions (1×7 then 7×1). */
    static final class C extends Module {
        private final Module b1;
        private final Module[] b7 = new Module[3];
        private final Module[] d7 = new Module[5];
        private final Module pool;

        C(int in, int c7) {
            b1 = child("branch1x1", conv(in, 192, 1));
            b7[0] = child("branch7x7_1", conv(in, c7, 1));
            b7[1] = child("branch7x7_2", convNxM(c7, c7, 1, 7));
            b7[2] = child("branch7x7_3", convNxM(c7, 192, 7, 1));
            d7[0] = child("branch7x7dbl_1", conv(in, c7, 1));
            d7[1] = child("branch7x7dbl_2", convNxM(c7, c7, 7, 1));
            d7[2] = child("branch7x7dbl_3", convNxM(c7, c7, 1, 7));
            d7[3] = child("branch7x7dbl_4", convNxM(c7, c7, 7, 1));
            d7[4] = child("branch7x7dbl_5", convNxM(c7, 192, 1, 7));
            pool = child("branch_pool", conv(in, 192, 1));
        }

        @Override
        public NDArray forward(NDArray x, Ctx c) {
            return cat(b1.forward(x, c), chain(b7, x, c), chain(d7, x, c), pool.forward(AVG_3X3.forward(x, c), c));
        }
    }

    /** Grid reduction 17→8: 1×1 then strided 3×3; 1×1, 1×7, 7×1, strided 3×3; max-pool. */
    static final class D extends Module {
        private final Module[] b3 = new Module[2];
        private final Module[] b7 = new Module[4];

        D(int in) {
            b3[0] = child("branch3x3_1", conv(in, 192, 1));
            b3[1] = child("branch3x3_2", conv(192, 320, 3, 2, 0));
            b7[0] = child("branch7x7x3_1", conv(in, 192, 1));
            b7[1] = child("branch7x7x3_2", convNxM(192, 192, 1, 7));
            b7[2] = child("branch7x7x3_3", convNxM(192, 192, 7, 1));
            b7[3] = child("branch7x7x3_4", conv(192, 192, 3, 2, 0));
        }

        @Override
        public NDArray forward(NDArray x, Ctx c) {
            return cat(chain(b3, x, c), chain(b7, x, c), MAX_3X3_S2.forward(x, c));
        }
    }

    /** 8×8 block whose 3×3 branches split into parallel 1×3 and 3×1 convolutions. */
    static final class E extends Module {
        private final Module b1;
        private final Module b3;
        private final Module b3a;
        private final Module b3b;
        private final Module d1;
        private final Module d2;
        private final Module d3a;
        private final Module d3b;
        private final Module pool;

        E(int in) {
            b1 = child("branch1x1", conv(in, 320, 1));
            b3 = child("branch3x3_1", conv(in, 384, 1));
            b3a = child("branch3x3_2a", convNxM(384, 384, 1, 3));
            b3b = child("branch3x3_2b", convNxM(384, 384, 3, 1));
            d1 = child("branch3x3dbl_1", conv(in, 448, 1));
            d2 = child("branch3x3dbl_2", conv(448, 384, 3, 1, 1));
            d3a = child("branch3x3dbl_3a", convNxM(384, 384, 1, 3));
            d3b = child("branch3x3dbl_3b", convNxM(384, 384, 3, 1));
            pool = child("branch_pool", conv(in, 192, 1));
        }

        @Override
        public NDArray forward(NDArray x, Ctx c) {
            NDArray t = b3.forward(x, c);
            NDArray u = d2.forward(d1.forward(x, c), c);
            return cat(b1.forward(x, c), cat(b3a.forward(t, c), b3b.forward(t, c)),
                    cat(d3a.forward(u, c), d3b.forward(u, c)), pool.forward(AVG_3X3.forward(x, c), c));
        }
    }

    private static NDArray chain(Module[] layers, NDArray x, Ctx c) {
        for (Module m : layers) {
            x = m.call(x, c);
        }
        return x;
    }
}
