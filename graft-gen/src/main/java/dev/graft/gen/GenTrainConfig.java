package dev.graft.gen;

import dev.graft.check.Checks;
import dev.graft.train.TrainConfig;

/**
 * How a generator trains. Build it with {@link #builder()}; every option states its default.
 *
 * @param steps optimizer steps at most (default 2000)
 * @param batchSize images per step, drawn with replacement from the training images (default 32)
 * @param lr peak learning rate (default 2e-4)
 * @param warmupSteps linear warmup length (default 100)
 * @param emaDecay weight of the old average in the generator's moving average; 0 = off (default 0.995)
 * @param evalEvery steps between evaluations of the domain score; 0 = never (default 200)
 * @param evalSamples images drawn per evaluation (default 200)
 * @param patience evaluations without a better score before stopping; 0 = never stop early (default 3)
 * @param maxSeconds wall-time budget; 0 = none (default 0)
 * @param seed drives batches, noise and new weights (default 42)
 */
public record GenTrainConfig(int steps, int batchSize, float lr, int warmupSteps, float emaDecay, int evalEvery,
        int evalSamples, int patience, double maxSeconds, long seed) {
    /** The seed a run uses unless told otherwise; the gen commands' {@code --seed} default. */
    public static final long DEFAULT_SEED = 42;

    public GenTrainConfig {
        Checks.atLeast("steps", steps, 1);
        Checks.range("batchSize", batchSize, 1, TrainConfig.MAX_BATCH);
        Checks.positive("lr", lr);
        Checks.atLeast("warmupSteps", warmupSteps, 0);
        Checks.fraction("emaDecay", emaDecay);
        Checks.atLeast("evalEvery", evalEvery, 0);
        Checks.range("evalSamples", evalSamples, 0, 1_000_000);
        Checks.atLeast("patience", patience, 0);
        Checks.atLeast("maxSeconds", maxSeconds, 0);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().steps(steps).batchSize(batchSize).lr(lr).warmupSteps(warmupSteps).emaDecay(emaDecay)
                .evalEvery(evalEvery).evalSamples(evalSamples).patience(patience).maxSeconds(maxSeconds).seed(seed);
    }

    /** Learning-rate factor at a step: linear warmup, then constant. */
    public float lrAt(long step) {
        return step < warmupSteps ? lr * (step + 1) / warmupSteps : lr;
    }

    /** Builder with the defaults above. */
    public static final class Builder {
        private int steps = 2000;
        private int batchSize = 32;
        private float lr = 2e-4f;
        private int warmupSteps = 100;
        private float emaDecay = 0.995f;
        private int evalEvery = 200;
        private int evalSamples = 200;
        private int patience = 3;
        private double maxSeconds;
        private long seed = DEFAULT_SEED;

        public Builder steps(int v) { steps = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder lr(float v) { lr = v; return this; }
        public Builder warmupSteps(int v) { warmupSteps = v; return this; }
        public Builder emaDecay(float v) { emaDecay = v; return this; }
        public Builder evalEvery(int v) { evalEvery = v; return this; }
        public Builder evalSamples(int v) { evalSamples = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder maxSeconds(double v) { maxSeconds = v; return this; }
        public Builder seed(long v) { seed = v; return this; }

        public GenTrainConfig build() {
            return new GenTrainConfig(steps, batchSize, lr, warmupSteps, emaDecay, evalEvery, evalSamples, patience,
                    maxSeconds, seed);
        }
    }
}
