package dev.graft.pretrain.ssl;

import dev.graft.check.Checks;
import dev.graft.data.Augment;
import dev.graft.data.ColorJitter;
import dev.graft.train.TrainConfig;

/**
 * SimCLR's settings. Build with {@link #builder()}; every default is stated where it is set.
 *
 * @param epochs passes over the unlabeled images (default 10)
 * @param batchSize images per step; each contributes two views, so the loss sees {@code 2·batch − 2}
 *     negatives per view (default 256)
 * @param lr peak AdamW learning rate, after linear warmup, cosine decay to 0 (default 2e-3)
 * @param weightDecay AdamW's decoupled weight decay, not on biases and norms (default 1e-4)
 * @param warmupEpochs linear warmup length (default 1)
 * @param temperature NT-Xent temperature; low values suit small batches (default 0.2)
 * @param projHidden width of the projection head's hidden layer (default 256)
 * @param projDim output width of the projection head (default 64)
 * @param augment the view pipeline (default {@link #VIEWS})
 * @param seed drives the data order and both views' augmentation (default 42)
 * @param monitorPerClass labeled images per class in the monitors' bank (default 100; 0 = no monitors)
 */
public record SslConfig(int epochs, int batchSize, float lr, float weightDecay, float warmupEpochs, float temperature,
        int projHidden, int projDim, Augment augment, long seed, int monitorPerClass) {
    /**
     * SimCLR's view pipeline for small grey images: a random resized crop of 30% to 100% of the
     * area, a horizontal flip, brightness and contrast jitter of ±50% (saturation and hue do
     * nothing to grey), and random erasing for occlusion. SimCLR's blur is left out: at 28 px a
     * blur removes most of the image.
     */
    public static final Augment VIEWS = Augment.builder().hflip(true).minScale(0.3f)
            .jitter(new ColorJitter(0.5f, 0.5f, 0f, 0f)).erasing(0.2f).build();

    /** Every default, as the builder gives them. */
    public static final SslConfig DEFAULTS = builder().build();

    public SslConfig {
        Checks.range("epochs", epochs, 1, 1_000_000);
        Checks.range("batchSize", batchSize, 2, TrainConfig.MAX_BATCH);
        Checks.positive("lr", lr);
        Checks.atLeast("weightDecay", weightDecay, 0f);
        Checks.atLeast("warmupEpochs", warmupEpochs, 0f);
        Checks.positive("temperature", temperature);
        Checks.range("projHidden", projHidden, 1, 65536);
        Checks.range("projDim", projDim, 1, 65536);
        Checks.require(augment != null, "augment", "an Augment (Augment.NONE for none)", null);
        Checks.atLeast("monitorPerClass", monitorPerClass, 0);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with the defaults above. */
    public static final class Builder {
        private int epochs = 10;
        private int batchSize = 256;
        private float lr = 2e-3f;
        private float weightDecay = 1e-4f;
        private float warmupEpochs = 1f;
        private float temperature = 0.2f;
        private int projHidden = 256;
        private int projDim = 64;
        private Augment augment = VIEWS;
        private long seed = 42;
        private int monitorPerClass = 100;

        public Builder optEpochs(int v) { epochs = v; return this; }
        public Builder optBatchSize(int v) { batchSize = v; return this; }
        public Builder optLr(float v) { lr = v; return this; }
        public Builder optWeightDecay(float v) { weightDecay = v; return this; }
        public Builder optWarmupEpochs(float v) { warmupEpochs = v; return this; }
        public Builder optTemperature(float v) { temperature = v; return this; }
        public Builder optProjection(int hidden, int out) { projHidden = hidden; projDim = out; return this; }
        public Builder optAugment(Augment v) { augment = v; return this; }
        public Builder optSeed(long v) { seed = v; return this; }
        public Builder optMonitorPerClass(int v) { monitorPerClass = v; return this; }

        public SslConfig build() {
            return new SslConfig(epochs, batchSize, lr, weightDecay, warmupEpochs, temperature, projHidden, projDim,
                    augment, seed, monitorPerClass);
        }
    }
}
