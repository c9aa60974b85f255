package dev.graft.gen.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.gen.GenKind;
import dev.graft.gen.Generator;
import dev.graft.gen.Noise;
import dev.graft.nn.Ctx;
import dev.graft.nn.Module;

/** A DCGAN pair; as a {@link Generator} it draws images from seeded noise through the generator. */
public final class Gan implements Generator {
    private static final int SAMPLE_BATCH = 256;

    private final GanConfig config;
    private final GanGenerator generator;
    private final GanDiscriminator discriminator;
    private final NDManager manager;

    /** Both networks, which must be materialised in {@code manager}. */
    public Gan(GanConfig config, GanGenerator generator, GanDiscriminator discriminator, NDManager manager) {
        this.config = config;
        this.generator = generator;
        this.discriminator = discriminator;
        this.manager = manager;
    }

    public GanConfig config() {
        return config;
    }

    public GanGenerator generatorNet() {
        return generator;
    }

    public GanDiscriminator discriminator() {
        return discriminator;
    }

    @Override
    public GenKind kind() {
        return GenKind.GAN;
    }

    @Override
    public Module network() {
        return generator;
    }

    @Override
    public int[] imageShape() {
        return new int[] {1, config.imageSize(), config.imageSize()};
    }

    /** Noise for images {@code first ..}, keyed by (seed, image index). */
    public float[] latents(long seed, long first, int count) {
        return Noise.gaussian(seed, first, count, config.latent());
    }

    @Override
    public float[] sample(int n, long seed) {
        int per = imageSize();
        float[] out = new float[n * per];
        for (int first = 0; first < n; first += SAMPLE_BATCH) {
            int count = Math.min(SAMPLE_BATCH, n - first);
            try (NDManager sm = manager.newSubManager()) {
                NDArray z = sm.create(latents(seed, first, count), new Shape(count, config.latent()));
                float[] x = generator.forward(z, Ctx.EVAL).toFloatArray();
                System.arraycopy(x, 0, out, first * per, x.length);
            }
        }
        return out;
    }
}
