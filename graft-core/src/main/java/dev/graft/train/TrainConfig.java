package dev.graft.train;

import dev.graft.check.Checks;
import dev.graft.nn.BnPolicy;
import java.util.List;

/**
 * Everything that shapes one training run. Build it with {@link #builder()}; every option states
 * its default.
 *
 * @param epochs passes over the training data (default 10)
 * @param batchSize images per step, 1 to {@value #MAX_BATCH} (default 32)
 * @param lr peak learning rate of the head, after warmup (default 1e-3)
 * @param optimizer AdamW or SGD with momentum (default ADAMW)
 * @param momentum SGD momentum, or Adam's beta1 (default 0.9)
 * @param weightDecay decoupled weight decay for AdamW, L2 for SGD; never on biases or norms (default 0.01)
 * @param warmupEpochs linear warmup length, in epochs, may be fractional (default 1)
 * @param schedule what the learning rate does after warmup (default COSINE); ONECYCLE brings its own
 *     warmup and ignores {@code warmupEpochs}
 * @param labelSmoothing share of the target spread over all classes (default 0.1)
 * @param patience epochs without improvement of the monitored metric before stopping (default 5; 0 never stops early)
 * @param minDelta an improvement smaller than this does not count (default 1e-4)
 * @param bnPolicy what BatchNorm does while training (default TRAIN)
 * @param seed seeds data order, augmentation, dropout and new weights (default 42)
 * @param gradClip clip the global gradient norm to this (default 0 = off)
 * @param monitor what early stopping and best-weights selection watch (default VAL_LOSS)
 * @param emaDecay decay of an exponential moving average of the weights, which validation,
 *     early stopping and the saved model then use (default 0 = off; typical 0.99 to 0.9999)
 * @param classWeights a loss weight per class, such as inverse frequencies (default empty = all 1)
 */
public record TrainConfig(int epochs, int batchSize, float lr, Optim optimizer, float momentum, float weightDecay,
        float warmupEpochs, Schedule schedule, float labelSmoothing, int patience, float minDelta, BnPolicy bnPolicy,
        long seed, float gradClip, Monitor monitor, float emaDecay, List<Float> classWeights) {

    /** Most images per step. */
    public static final int MAX_BATCH = 65536;

    /** The optimizers Graft offers. */
    public enum Optim { ADAMW, SGD }

    /** Learning-rate shapes after warmup. */
    public enum Schedule { COSINE, CONSTANT, ONECYCLE }

    /** The validation metric that picks the best epoch and triggers early stopping. */
    public enum Monitor { VAL_LOSS, VAL_ACC }

    public TrainConfig {
        Checks.atLeast("epochs", epochs, 0);
        Checks.range("batchSize", batchSize, 1, MAX_BATCH);
        Checks.positive("lr", lr);
        Checks.require(optimizer != null, "optimizer", "ADAMW or SGD", optimizer);
        Checks.fraction("momentum", momentum);
        Checks.atLeast("weightDecay", weightDecay, 0f);
        Checks.atLeast("warmupEpochs", warmupEpochs, 0f);
        Checks.require(schedule != null, "schedule", "COSINE, CONSTANT or ONECYCLE", schedule);
        Checks.fraction("labelSmoothing", labelSmoothing);
        Checks.atLeast("patience", patience, 0);
        Checks.atLeast("minDelta", minDelta, 0f);
        Checks.require(bnPolicy != null, "bnPolicy", "TRAIN, FREEZE_STATS or FREEZE_ALL", bnPolicy);
        Checks.atLeast("gradClip", gradClip, 0f);
        Checks.require(monitor != null, "monitor", "VAL_LOSS or VAL_ACC", monitor);
        Checks.fraction("emaDecay", emaDecay);
        classWeights = List.copyOf(classWeights == null ? List.of() : classWeights);
        for (Float w : classWeights) {
            Checks.require(w != null, "classWeights", "finite and >= 0", w);
            Checks.atLeast("classWeights", w, 0f);
        }
    }

    /** Every option at its default, as {@link #builder()} starts. */
    public static final TrainConfig DEFAULTS = builder().build();

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.lr = lr;
        b.optimizer = optimizer;
        b.momentum = momentum;
        b.weightDecay = weightDecay;
        b.warmupEpochs = warmupEpochs;
        b.schedule = schedule;
        b.labelSmoothing = labelSmoothing;
        b.patience = patience;
        b.minDelta = minDelta;
        b.bnPolicy = bnPolicy;
        b.seed = seed;
        b.gradClip = gradClip;
        b.monitor = monitor;
        b.emaDecay = emaDecay;
        b.classWeights = classWeights;
        return b;
    }

    /** Builder with the defaults above. */
    public static final class Builder {
        private int epochs = 10;
        private int batchSize = 32;
        private float lr = 1e-3f;
        private Optim optimizer = Optim.ADAMW;
        private float momentum = 0.9f;
        private float weightDecay = 0.01f;
        private float warmupEpochs = 1f;
        private Schedule schedule = Schedule.COSINE;
        private float labelSmoothing = 0.1f;
        private int patience = 5;
        private float minDelta = 1e-4f;
        private BnPolicy bnPolicy = BnPolicy.TRAIN;
        private long seed = 42;
        private float gradClip;
        private Monitor monitor = Monitor.VAL_LOSS;
        private float emaDecay;
        private List<Float> classWeights = List.of();

        public Builder optEpochs(int v) { epochs = v; return this; }
        /** @deprecated use {@link #optEpochs}, the builder convention. */
        @Deprecated
        public Builder epochs(int v) { return optEpochs(v); }
        public Builder optBatchSize(int v) { batchSize = v; return this; }
        /** @deprecated use {@link #optBatchSize}, the builder convention. */
        @Deprecated
        public Builder batchSize(int v) { return optBatchSize(v); }
        public Builder optLr(float v) { lr = v; return this; }
        /** @deprecated use {@link #optLr}, the builder convention. */
        @Deprecated
        public Builder lr(float v) { return optLr(v); }
        public Builder optOptimizer(Optim v) { optimizer = v; return this; }
        /** @deprecated use {@link #optOptimizer}, the builder convention. */
        @Deprecated
        public Builder optimizer(Optim v) { return optOptimizer(v); }
        public Builder optMomentum(float v) { momentum = v; return this; }
        /** @deprecated use {@link #optMomentum}, the builder convention. */
        @Deprecated
        public Builder momentum(float v) { return optMomentum(v); }
        public Builder optWeightDecay(float v) { weightDecay = v; return this; }
        /** @deprecated use {@link #optWeightDecay}, the builder convention. */
        @Deprecated
        public Builder weightDecay(float v) { return optWeightDecay(v); }
        public Builder optWarmupEpochs(float v) { warmupEpochs = v; return this; }
        /** @deprecated use {@link #optWarmupEpochs}, the builder convention. */
        @Deprecated
        public Builder warmupEpochs(float v) { return optWarmupEpochs(v); }
        public Builder optSchedule(Schedule v) { schedule = v; return this; }
        /** @deprecated use {@link #optSchedule}, the builder convention. */
        @Deprecated
        public Builder schedule(Schedule v) { return optSchedule(v); }
        public Builder optLabelSmoothing(float v) { labelSmoothing = v; return this; }
        /** @deprecated use {@link #optLabelSmoothing}, the builder convention. */
        @Deprecated
        public Builder labelSmoothing(float v) { return optLabelSmoothing(v); }
        public Builder optPatience(int v) { patience = v; return this; }
        /** @deprecated use {@link #optPatience}, the builder convention. */
        @Deprecated
        public Builder patience(int v) { return optPatience(v); }
        public Builder optMinDelta(float v) { minDelta = v; return this; }
        /** @deprecated use {@link #optMinDelta}, the builder convention. */
        @Deprecated
        public Builder minDelta(float v) { return optMinDelta(v); }
        public Builder optBnPolicy(BnPolicy v) { bnPolicy = v; return this; }
        /** @deprecated use {@link #optBnPolicy}, the builder convention. */
        @Deprecated
        public Builder bnPolicy(BnPolicy v) { return optBnPolicy(v); }
        public Builder optSeed(long v) { seed = v; return this; }
        /** @deprecated use {@link #optSeed}, the builder convention. */
        @Deprecated
        public Builder seed(long v) { return optSeed(v); }
        public Builder optGradClip(float v) { gradClip = v; return this; }
        /** @deprecated use {@link #optGradClip}, the builder convention. */
        @Deprecated
        public Builder gradClip(float v) { return optGradClip(v); }
        public Builder optMonitor(Monitor v) { monitor = v; return this; }
        /** @deprecated use {@link #optMonitor}, the builder convention. */
        @Deprecated
        public Builder monitor(Monitor v) { return optMonitor(v); }
        public Builder optEmaDecay(float v) { emaDecay = v; return this; }
        /** @deprecated use {@link #optEmaDecay}, the builder convention. */
        @Deprecated
        public Builder emaDecay(float v) { return optEmaDecay(v); }
        public Builder optClassWeights(List<Float> v) { classWeights = v; return this; }
        /** @deprecated use {@link #optClassWeights}, the builder convention. */
        @Deprecated
        public Builder classWeights(List<Float> v) { return optClassWeights(v); }

        public TrainConfig build() {
            return new TrainConfig(epochs, batchSize, lr, optimizer, momentum, weightDecay, warmupEpochs, schedule,
                    labelSmoothing, patience, minDelta, bnPolicy, seed, gradClip, monitor, emaDecay, classWeights);
        }
    }
}
