package dev.graft.gen.ddpm;

import ai.djl.ndarray.NDArray;
import dev.graft.gen.Ops;
import dev.graft.nn.Conv2d;
import dev.graft.nn.Ctx;
import dev.graft.nn.GroupNorm;
import dev.graft.nn.Linear;
import dev.graft.nn.Module;

/**
 * DDPM's residual block: GroupNorm, SiLU, 3×3 conv, plus a projection of the timestep
 * embedding, then GroupNorm, SiLU, 3×3 conv, added to the input (through a 1×1 conv when the
 * channel count changes).
 */
final class ResBlock extends Module {
    private final GroupNorm norm1;
    private final Conv2d conv1;
    private final Linear temb;
    private final GroupNorm norm2;
    private final Conv2d conv2;
    private final Conv2d skip;

    ResBlock(int in, int out, int timeDim, int groups) {
        norm1 = child("norm1", new GroupNorm(groups, in));
        conv1 = child("conv1", new Conv2d(in, out, 3, 1, 1, 1, 1, true));
        temb = child("temb", new Linear(timeDim, out));
        norm2 = child("norm2", new GroupNorm(groups, out));
        conv2 = child("conv2", new Conv2d(out, out, 3, 1, 1, 1, 1, true));
        skip = in == out ? null : child("skip", new Conv2d(in, out, 1, 1, 0, 1, 1, true));
    }

    NDArray forward(NDArray x, NDArray timeEmb, Ctx ctx) {
        NDArray h = conv1.forward(Ops.silu(norm1.forward(x, ctx)), ctx);
        NDArray t = temb.forward(Ops.silu(timeEmb), ctx);
        h = h.add(t.reshape(t.getShape().get(0), t.getShape().get(1), 1, 1));
        h = conv2.forward(Ops.silu(norm2.forward(h, ctx)), ctx);
        return h.add(skip == null ? x : skip.forward(x, ctx));
    }

    @Override
    public NDArray forward(NDArray x, Ctx ctx) {
        throw new UnsupportedOperationException("a ResBlock needs the timestep embedding: use forward(x, t, ctx)");
    }
}
