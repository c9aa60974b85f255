package dev.graft.nn;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Initialisation rules, as PyTorch's {@code torch.nn.init} defines them. */
public final class Inits {
    private Inits() {}

    public static long fanIn(long[] shape) {
        long f = 1;
        for (int i = 1; i < shape.length; i++) {
            f *= shape[i];
        }
        return f;
    }

    public static long fanOut(long[] shape) {
        long f = shape.length == 0 ? 1 : shape[0];
        for (int i = 2; i < shape.length; i++) {
            f *= shape[i];
        }
        return f;
    }

    public static float[] constant(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    public static float[] uniform(int n, double bound, SplittableRandom rng) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return a;
    }

    public static float[] normal(int n, double std, SplittableRandom rng) {
        float[] a = new float[n];
        for (int i = 0; i < n; i += 2) {
            // Box-Muller, two values per draw
            double u1 = 1.0 - rng.nextDouble();
            double u2 = rng.nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(u1));
            a[i] = (float) (r * Math.cos(2 * Math.PI * u2) * std);
            if (i + 1 < n) {
                a[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2) * std);
            }
        }
        return a;
    }

    /** kaiming_normal_(mode='fan_out', nonlinearity='relu'), torchvision's conv init for ResNets. */
    public static float[] kaimingNormalFanOut(long[] shape, SplittableRandom rng) {
        int n = Math.toIntExact(dev.graft.weights.HostTensor.numel(shape));
        return normal(n, Math.sqrt(2.0 / fanOut(shape)), rng);
    }

    /** Truncated normal in ±2 std, as timm and torchvision use for ViT and ConvNeXt. */
    public static float[] truncNormal(int n, double std, SplittableRandom rng) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            double v;
            do {
                v = normal(1, 1.0, rng)[0];
            } while (Math.abs(v) > 2.0);
            a[i] = (float) (v * std);
        }
        return a;
    }
}
