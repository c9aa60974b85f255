package dev.graft.gen.ddpm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.gen.GenKind;
import dev.graft.gen.Generator;
import dev.graft.gen.Noise;
import dev.graft.nn.BnPolicy;
import dev.graft.nn.Ctx;
import dev.graft.nn.Module;
import java.util.SplittableRandom;

/**
 * A denoising diffusion model: a {@link UNet} trained with Ho et al.'s simple objective (predict
 * the noise that was mixed into an image at a random level) and sampled with DDIM (Song et al.,
 * eta = 0), which is deterministic given the starting noise and takes any number of steps.
 */
public final class Ddpm implements Generator {
    /** Images drawn per forward pass while sampling. */
    private static final int SAMPLE_BATCH = 100;

    private final UNet unet;
    private final NoiseSchedule schedule;
    private final double[] alphaBar;
    private final NDManager manager;
    private int samplingSteps;

    /**
     * @param unet the noise predictor, materialised in {@code manager}
     * @param samplingSteps DDIM steps per sample (default 50 in the CLI)
     */
    public Ddpm(UNet unet, NoiseSchedule schedule, int samplingSteps, NDManager manager) {
        this.unet = unet;
        this.schedule = schedule;
        this.alphaBar = schedule.alphaBar();
        this.manager = manager;
        setSamplingSteps(samplingSteps);
    }

    public UNet unet() {
        return unet;
    }

    public NoiseSchedule schedule() {
        return schedule;
    }

    public int samplingSteps() {
        return samplingSteps;
    }

    public void setSamplingSteps(int steps) {
        if (steps < 1 || steps > schedule.timesteps()) {
            throw new IllegalArgumentException("DDIM steps must be in 1.." + schedule.timesteps() + ", got " + steps);
        }
        this.samplingSteps = steps;
    }

    @Override
    public GenKind kind() {
        return GenKind.DDPM;
    }

    @Override
    public Module network() {
        return unet;
    }

    @Override
    public int[] imageShape() {
        UNetConfig c = unet.config();
        return new int[] {c.imageChannels(), c.imageSize(), c.imageSize()};
    }

    /**
     * The training loss on a batch: mean squared error between the noise mixed in and the
     * UNet's prediction of it, with a timestep and noise per image drawn from {@code (seed, step)}.
     *
     * @param x0 clean images in [-1, 1], [n, C, H, W]
     */
    public NDArray loss(NDManager sm, float[] x0, int n, long seed, long step) {
        int per = imageSize();
        SplittableRandom rng = Noise.stream(seed, step);
        int[] t = new int[n];
        float[] eps = new float[n * per];
        float[] xt = new float[n * per];
        for (int k = 0; k < n; k++) {
            t[k] = rng.nextInt(schedule.timesteps());
            Noise.fill(rng, eps, k * per, per);
            float a = (float) Math.sqrt(alphaBar[t[k]]);
            float s = (float) Math.sqrt(1 - alphaBar[t[k]]);
            for (int i = k * per; i < (k + 1) * per; i++) {
                xt[i] = a * x0[i] + s * eps[i];
            }
        }
        Shape shape = new Shape(n, imageShape()[0], imageShape()[1], imageShape()[2]);
        NDArray pred = unet.forward(sm.create(xt, shape), t, Ctx.train(BnPolicy.TRAIN));
        return pred.sub(sm.create(eps, shape)).square().mean();
    }

    @Override
    public float[] sample(int n, long seed) {
        int per = imageSize();
        float[] out = new float[n * per];
        for (int first = 0; first < n; first += SAMPLE_BATCH) {
            int count = Math.min(SAMPLE_BATCH, n - first);
            float[] x = ddim(Noise.gaussian(seed, first, count, per), count);
            System.arraycopy(x, 0, out, first * per, x.length);
        }
        return out;
    }

    /** The timesteps DDIM visits, from T−1 down, evenly spaced ("trailing" spacing). */
    public int[] ddimTimesteps() {
        int[] ts = new int[samplingSteps];
        int T = schedule.timesteps();
        for (int i = 0; i < samplingSteps; i++) {
            ts[i] = (int) Math.round(T - (double) i * T / samplingSteps) - 1;
        }
        return ts;
    }

    /** Runs DDIM (eta = 0) from the given noise to images, clipping predicted clean images to [-1, 1]. */
    public float[] ddim(float[] noise, int n) {
        int[] ts = ddimTimesteps();
        int[] dims = imageShape();
        Shape shape = new Shape(n, dims[0], dims[1], dims[2]);
        try (NDManager sm = manager.newSubManager()) {
            NDArray x = sm.create(noise, shape);
            for (int i = 0; i < ts.length; i++) {
                int[] t = new int[n];
                java.util.Arrays.fill(t, ts[i]);
                double ab = alphaBar[ts[i]];
                double abPrev = i + 1 < ts.length ? alphaBar[ts[i + 1]] : 1.0;
                try (NDManager step = sm.newSubManager()) {
                    x.attach(step); // the step's intermediates and the old x go when it closes
                    NDArray eps = unet.forward(x, t, Ctx.EVAL);
                    NDArray x0 = x.sub(eps.mul(Math.sqrt(1 - ab))).div(Math.sqrt(ab)).clip(-1, 1);
                    NDArray next = x0.mul(Math.sqrt(abPrev)).add(eps.mul(Math.sqrt(1 - abPrev)));
                    next.attach(sm);
                    x = next;
                }
            }
            return x.toFloatArray();
        }
    }
}
