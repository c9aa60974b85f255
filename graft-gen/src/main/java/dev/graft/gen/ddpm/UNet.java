package dev.graft.gen.ddpm;

import ai.djl.ndarray.NDArray;
import dev.graft.gen.Ops;
import dev.graft.nn.Conv2d;
import dev.graft.nn.Ctx;
import dev.graft.nn.GroupNorm;
import dev.graft.nn.Linear;
import dev.graft.nn.Module;
import dev.graft.nn.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * A small DDPM UNet that predicts the noise in a noisy image at a timestep. The timestep enters
 * as a sinusoidal embedding through a two-layer MLP into every residual block. The encoder has one
 * residual block per level and a stride-2 convolution between levels; the decoder mirrors it,
 * concatenating the encoder's output of the same level, and upsamples by nearest neighbour plus a
 * 3×3 convolution. There is no attention: at 28×28 it costs more CPU than it gives.
 *
 * <p>Names: {@code time_mlp.0/2}, {@code conv_in}, {@code down.I.res}, {@code down.I.downsample},
 * {@code mid}, {@code up.I.res}, {@code up.I.upsample}, {@code norm_out}, {@code conv_out}.
 */
public final class UNet extends Module {
    private final UNetConfig config;
    private final int timeDim;
    private final Sequential timeMlp;
    private final Conv2d convIn;
    private final List<Level> down = new ArrayList<>();
    private final ResBlock mid;
    private final List<Level> up = new ArrayList<>();
    private final GroupNorm normOut;
    private final Conv2d convOut;

    /** One resolution level: a residual block and the resampling after it (none at the end). */
    private static final class Level extends Module {
        final ResBlock res;
        final Conv2d resample;

        Level(ResBlock res, Conv2d resample, String resampleName) {
            this.res = child("res", res);
            this.resample = resample == null ? null : child(resampleName, resample);
        }

        @Override
        public NDArray forward(NDArray x, Ctx ctx) {
            throw new UnsupportedOperationException("UNet levels run inside UNet.forward");
        }
    }

    public UNet(UNetConfig config) {
        this.config = config;
        int c = config.channels();
        this.timeDim = 4 * c;
        timeMlp = child("time_mlp", new Sequential(new Linear(c, timeDim), Ops.siluModule(),
                new Linear(timeDim, timeDim)));
        convIn = child("conv_in", new Conv2d(config.imageChannels(), c, 3, 1, 1, 1, 1, true));
        Sequential downs = child("down", new Sequential());
        int ch = c;
        for (int i = 0; i < config.levels(); i++) {
            int w = config.width(i);
            boolean last = i == config.levels() - 1;
            Level l = new Level(new ResBlock(ch, w, timeDim, config.groups()),
                    last ? null : new Conv2d(w, w, 3, 2, 1, 1, 1, true), "downsample");
            downs.add(l);
            down.add(l);
            ch = w;
        }
        mid = child("mid", new ResBlock(ch, ch, timeDim, config.groups()));
        Sequential ups = child("up", new Sequential());
        for (int i = config.levels() - 1; i >= 0; i--) {
            int w = config.width(i);
            Level l = new Level(new ResBlock(ch + w, w, timeDim, config.groups()),
                    i == 0 ? null : new Conv2d(w, config.width(i - 1), 3, 1, 1, 1, 1, true), "upsample");
            ups.add(l);
            up.add(l);
            ch = i == 0 ? w : config.width(i - 1);
        }
        normOut = child("norm_out", new GroupNorm(config.groups(), ch));
        convOut = child("conv_out", new Conv2d(ch, config.imageChannels(), 3, 1, 1, 1, 1, true));
    }

    public UNetConfig config() {
        return config;
    }

    /**
     * Predicts the noise.
     *
     * @param x noisy images [N, C, H, W]
     * @param t the timestep of each image, 0-based
     */
    public NDArray forward(NDArray x, int[] t, Ctx ctx) {
        NDArray temb = x.getManager().create(TimeEmbedding.sinusoidal(t, config.channels()),
                new ai.djl.ndarray.types.Shape(t.length, config.channels()));
        temb = timeMlp.forward(temb, ctx);
        NDArray h = convIn.forward(x, ctx);
        List<NDArray> skips = new ArrayList<>();
        for (Level l : down) {
            h = l.res.forward(h, temb, ctx);
            skips.add(h);
            if (l.resample != null) {
                h = l.resample.forward(h, ctx);
            }
        }
        h = mid.forward(h, temb, ctx);
        for (Level l : up) {
            NDArray skip = skips.remove(skips.size() - 1);
            h = l.res.forward(h.concat(skip, 1), temb, ctx);
            if (l.resample != null) {
                h = l.resample.forward(Ops.upsample2(h), ctx);
            }
        }
        return convOut.forward(Ops.silu(normOut.forward(h, ctx)), ctx);
    }

    @Override
    public NDArray forward(NDArray x, Ctx ctx) {
        throw new UnsupportedOperationException("the UNet needs timesteps: use forward(x, t, ctx)");
    }

    /**
     * Module path prefixes from input to output: {@code time_mlp} and {@code conv_in} first, then
     * each encoder level, the middle block, each decoder level, and the output layers.
     */
    public List<List<String>> stages() {
        List<List<String>> out = new ArrayList<>();
        out.add(List.of("time_mlp.", "conv_in."));
        for (int i = 0; i < down.size(); i++) {
            out.add(List.of("down." + i + "."));
        }
        out.add(List.of("mid."));
        for (int i = 0; i < up.size(); i++) {
            out.add(List.of("up." + i + "."));
        }
        out.add(List.of("norm_out.", "conv_out."));
        return out;
    }
}
