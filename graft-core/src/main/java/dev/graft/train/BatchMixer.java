package dev.graft.train;

import java.util.Iterator;
import java.util.SplittableRandom;

/**
 * Mixup and cutmix as timm's {@code Mixup} does them in batch mode: each batch draws
 * {@code λ ~ Beta(α, α)} and pairs image i with image n-1-i. Mixup blends the two images;
 * cutmix pastes a box of the partner covering about {@code 1 - λ} of the area, then sets λ to
 * the share actually kept. The targets are {@code λ·onehot(y_i) + (1-λ)·onehot(y_{n-1-i})}, so
 * the loss becomes soft cross-entropy (label smoothing still applies on top).
 *
 * @param mixupAlpha mixup's α (0 disables mixup)
 * @param cutmixAlpha cutmix's α (0 disables cutmix)
 * @param switchProb with both on, the chance a batch uses cutmix rather than mixup (timm: 0.5)
 * @param numClasses width of the targets
 */
public record BatchMixer(float mixupAlpha, float cutmixAlpha, float switchProb, int numClasses) {

    public BatchMixer {
        if (mixupAlpha < 0 || cutmixAlpha < 0 || (mixupAlpha == 0 && cutmixAlpha == 0)) {
            throw new IllegalArgumentException("a batch mixer needs mixup or cutmix alpha > 0");
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("mixing needs at least 2 classes, got " + numClasses);
        }
    }

    /** With both on, half the batches use cutmix, as timm's default. */
    public BatchMixer(float mixupAlpha, float cutmixAlpha, int numClasses) {
        this(mixupAlpha, cutmixAlpha, 0.5f, numClasses);
    }

    /** Mixes one batch; the input is left unchanged. */
    public TensorBatch mix(TensorBatch b, SplittableRandom rng) {
        int n = b.size();
        boolean cutmix = cutmixAlpha > 0 && (mixupAlpha == 0 || rng.nextDouble() < switchProb);
        double alpha = cutmix ? cutmixAlpha : mixupAlpha;
        double lam = beta(alpha, rng);
        float[] x = b.x().clone();
        int per = x.length / Math.max(1, n);
        if (cutmix) {
            lam = cutBox(b, x, lam, rng);
        } else {
            for (int i = 0; i < n; i++) {
                int j = n - 1 - i;
                for (int k = 0; k < per; k++) {
                    x[i * per + k] = (float) (lam * b.x()[i * per + k] + (1 - lam) * b.x()[j * per + k]);
                }
            }
        }
        float[] targets = new float[n * numClasses];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int j = n - 1 - i;
            targets[i * numClasses + b.labels()[i]] += (float) lam;
            targets[i * numClasses + b.labels()[j]] += (float) (1 - lam);
            labels[i] = lam >= 0.5 ? b.labels()[i] : b.labels()[j];
        }
        return new TensorBatch(x, b.shape(), labels, targets);
    }

    /** Pastes the partner's box into {@code x}; returns λ corrected to the kept area. */
    private static double cutBox(TensorBatch b, float[] x, double lam, SplittableRandom rng) {
        long[] sh = b.shape();
        if (sh.length != 4) {
            throw new IllegalArgumentException("cutmix needs image batches [N, C, H, W], got " + sh.length
                    + " dimensions; use mixup for features");
        }
        int n = (int) sh[0];
        int c = (int) sh[1];
        int h = (int) sh[2];
        int w = (int) sh[3];
        double ratio = Math.sqrt(1 - lam);
        int cutH = (int) (h * ratio);
        int cutW = (int) (w * ratio);
        int cy = rng.nextInt(h);
        int cx = rng.nextInt(w);
        int y0 = clamp(cy - cutH / 2, h);
        int y1 = clamp(cy + cutH / 2, h);
        int x0 = clamp(cx - cutW / 2, w);
        int x1 = clamp(cx + cutW / 2, w);
        for (int i = 0; i < n; i++) {
            int j = n - 1 - i;
            for (int ch = 0; ch < c; ch++) {
                for (int y = y0; y < y1; y++) {
                    int dst = ((i * c + ch) * h + y) * w;
                    int src = ((j * c + ch) * h + y) * w;
                    System.arraycopy(b.x(), src + x0, x, dst + x0, x1 - x0);
                }
            }
        }
        return 1 - (double) (y1 - y0) * (x1 - x0) / ((double) h * w);
    }

    private static int clamp(int v, int hi) {
        return Math.max(0, Math.min(hi, v));
    }

    /**
     * Mixes every batch of an epoch; batch k draws from a stream keyed by (seed, epoch, k), so the
     * mixing is the same however the batches were loaded.
     */
    public Iterator<TensorBatch> apply(Iterator<TensorBatch> batches, long seed, int epoch) {
        return new Iterator<>() {
            private int k;

            @Override
            public boolean hasNext() {
                return batches.hasNext();
            }

            @Override
            public TensorBatch next() {
                TensorBatch b = batches.next();
                long key = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + (k++) * 0x165667B19E3779F9L;
                return b.size() == 0 ? b : mix(b, new SplittableRandom(key ^ 0x5DEECE66DL));
            }
        };
    }

    /** A Beta(α, α) draw, as the ratio of two Gamma(α) draws. */
    static double beta(double alpha, SplittableRandom rng) {
        double x = gamma(alpha, rng);
        double y = gamma(alpha, rng);
        return x + y == 0 ? 0.5 : x / (x + y);
    }

    /** Marsaglia and Tsang's Gamma(shape, 1) sampler; shapes below 1 use the u^(1/a) boost. */
    static double gamma(double shape, SplittableRandom rng) {
        if (shape < 1) {
            return gamma(shape + 1, rng) * Math.pow(1 - rng.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z;
            double v;
            do {
                double u1 = 1 - rng.nextDouble();
                z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng.nextDouble());
                v = 1 + c * z;
            } while (v <= 0);
            v = v * v * v;
            double u = 1 - rng.nextDouble();
            if (u < 1 - 0.0331 * z * z * z * z || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
