package dev.graft.weights;

import java.nio.charset.StandardCharsets;

/**
 * Deterministic pseudo-random weights that Python and Java compute bit for bit alike, so parity
 * fixtures need to store only inputs and outputs, never the (often hundreds of MB of) weights.
 *
 * <p>The rule, mirrored exactly by {@code tools/fixtures/synthetic.py}:
 *
 * <ul>
 *   <li>each tensor gets its own stream: splitmix64 seeded with {@code fnv1a64(name) ^ seed};
 *   <li>{@code u = (next() >>> 11) * 2^-53}, a double in [0, 1);
 *   <li>{@code *running_var}: {@code 0.5 + u}; {@code *running_mean}: {@code (u - 0.5) * 0.2};
 *       {@code *num_batches_tracked}: 0;
 *   <li>other tensors of one dimension: names ending in {@code weight} get {@code 0.8 + 0.4 u},
 *       everything else {@code (u - 0.5) * 0.2};
 *   <li>tensors of two or more dimensions: {@code (2u - 1) * sqrt(6 / fanIn)} with fanIn the
 *       product of all dimensions but the first (a He-uniform scale, so deep stacks neither
 *       vanish nor explode).
 * </ul>
 *
 * Each value is computed in double and rounded once to float.
 */
public final class SyntheticWeights {
    private SyntheticWeights() {}

    /** The values for one tensor. */
    public static float[] generate(String name, long[] shape, long seed) {
        int n = Math.toIntExact(HostTensor.numel(shape));
        float[] out = new float[n];
        SplitMix rng = new SplitMix(fnv1a64(name) ^ seed);
        if (name.endsWith("num_batches_tracked")) {
            return out;
        }
        if (name.endsWith("running_var")) {
            for (int i = 0; i < n; i++) {
                out[i] = (float) (0.5 + rng.nextUnit());
            }
        } else if (name.endsWith("running_mean")) {
            for (int i = 0; i < n; i++) {
                out[i] = (float) ((rng.nextUnit() - 0.5) * 0.2);
            }
        } else if (shape.length <= 1) {
            boolean scale = name.endsWith("weight");
            for (int i = 0; i < n; i++) {
                double u = rng.nextUnit();
                out[i] = (float) (scale ? 0.8 + 0.4 * u : (u - 0.5) * 0.2);
            }
        } else {
            long fanIn = 1;
            for (int d = 1; d < shape.length; d++) {
                fanIn *= shape[d];
            }
            double bound = Math.sqrt(6.0 / fanIn);
            for (int i = 0; i < n; i++) {
                out[i] = (float) ((2.0 * rng.nextUnit() - 1.0) * bound);
            }
        }
        return out;
    }

    /** Fills every tensor of a template (names and shapes) with synthetic values. */
    public static StateDict fill(StateDict template, long seed) {
        StateDict out = new StateDict();
        for (var e : template.tensors().entrySet()) {
            long[] shape = e.getValue().shape();
            out.put(e.getKey(), new HostTensor(shape, generate(e.getKey(), shape, seed)));
        }
        return out;
    }

    static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** Steele, Lea and Flood's splitmix64, as in java.util.SplittableRandom. */
    static final class SplitMix {
        private long state;

        SplitMix(long seed) {
            this.state = seed;
        }

        long next() {
            long z = (state += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        double nextUnit() {
            return (next() >>> 11) * 0x1.0p-53;
        }
    }
}
