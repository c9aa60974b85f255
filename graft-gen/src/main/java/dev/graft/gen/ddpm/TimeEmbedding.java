package dev.graft.gen.ddpm;

/** The transformer's sinusoidal position encoding, used for diffusion timesteps. */
public final class TimeEmbedding {
    private TimeEmbedding() {}

    /**
     * {@code [sin(t·f_0) … sin(t·f_{h-1}), cos(t·f_0) … cos(t·f_{h-1})]} per timestep, with
     * {@code f_i = 10000^(-i/h)} and {@code h = dim/2}, row-major [t.length, dim].
     */
    public static float[] sinusoidal(int[] t, int dim) {
        if (dim % 2 != 0) {
            throw new IllegalArgumentException("embedding size must be even, got " + dim);
        }
        int half = dim / 2;
        float[] out = new float[t.length * dim];
        for (int n = 0; n < t.length; n++) {
            for (int i = 0; i < half; i++) {
                double f = Math.exp(-Math.log(10000.0) * i / half);
                out[n * dim + i] = (float) Math.sin(t[n] * f);
                out[n * dim + half + i] = (float) Math.cos(t[n] * f);
            }
        }
        return out;
    }
}
