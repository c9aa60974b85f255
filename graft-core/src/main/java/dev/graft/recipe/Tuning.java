package dev.graft.recipe;

import dev.graft.check.Checks;
import dev.graft.data.ImageSource;
import dev.graft.model.Network;
import dev.graft.model.DropPathNetwork;
import dev.graft.train.Balance;
import dev.graft.train.Sampler;
import dev.graft.train.TrainConfig;
import java.util.List;
import java.util.Map;

/**
 * Fine-tuning craft beyond {@link TrainConfig}: stochastic depth, class balancing, timm's
 * layer-wise learning-rate decay and gradual unfreezing. Build it with {@link #builder()}.
 *
 * @param dropPath stochastic-depth rate of the top residual block, in [0, 1) (default 0 = off)
 * @param balance class-imbalance treatment (default NONE)
 * @param layerDecay timm's layer decay for fine-tune and partial:K, in [0, 1], e.g. 0.7 (default 0 = off:
 *     fine-tune then spreads {@code lrMult} geometrically instead)
 * @param unfreezeEvery fine-tune's second phase unfreezes one stage from the top every this many
 *     epochs (default 0 = everything at once)
 */
public record Tuning(float dropPath, Balance balance, float layerDecay, int unfreezeEvery) {
    public static final Tuning NONE = builder().build();

    public Tuning {
        Checks.fraction("dropPath", dropPath);
        Checks.require(balance != null, "balance", "NONE, WEIGHTED or SAMPLER", null);
        Checks.range("layerDecay", layerDecay, 0, false, 1, false);
        Checks.atLeast("unfreezeEvery", unfreezeEvery, 0);
    }

    /**
     * Applies what acts before training: the drop-path rates on the network, and class weights in
     * the configuration when balancing by weight.
     */
    public RecipeSetup prepare(RecipeSetup s) {
        DropPathNetwork.apply(s.net(), dropPath);
        if (balance != Balance.WEIGHTED) {
            return s;
        }
        TrainConfig c = s.config().toBuilder().classWeights(classWeights(s.train())).build();
        return new RecipeSetup(s.net(), s.train(), s.val(), s.preprocess(), s.augment(), c, s.headEpochs(),
                s.lrMult(), s.threads(), s.listeners(), this);
    }

    /** The loss weight per class this tuning gives a training set: inverse frequencies, or none (empty). */
    public List<Float> classWeights(ImageSource train) {
        return balance == Balance.WEIGHTED ? Balance.inverseFrequency(train.classCounts()) : List.of();
    }

    /** The order of training epochs over these labels: balanced resampling, or a plain seeded shuffle. */
    public Sampler sampler(int[] labels, int classes, long seed) {
        return balance == Balance.SAMPLER ? Balance.balancedSampler(labels, classes, seed)
                : Sampler.shuffle(labels.length, seed);
    }

    public static int[] labels(ImageSource images) {
        int[] labels = new int[images.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = images.label(i);
        }
        return labels;
    }

    /** Per-parameter learning-rate multipliers under layer decay, or {@code fallback} when it is off. */
    public Map<String, Float> lrMults(Network net, Map<String, Float> fallback) {
        return layerDecay > 0 ? dev.graft.train.Freezing.layerDecayLr(net, layerDecay) : fallback;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with everything off. */
    public static final class Builder {
        private float dropPath;
        private Balance balance = Balance.NONE;
        private float layerDecay;
        private int unfreezeEvery;

        public Builder optDropPath(float v) { dropPath = v; return this; }
        /** @deprecated use {@link #optDropPath}, the builder convention. */
        @Deprecated
        public Builder dropPath(float v) { return optDropPath(v); }
        public Builder optBalance(Balance v) { balance = v; return this; }
        /** @deprecated use {@link #optBalance}, the builder convention. */
        @Deprecated
        public Builder balance(Balance v) { return optBalance(v); }
        public Builder optLayerDecay(float v) { layerDecay = v; return this; }
        /** @deprecated use {@link #optLayerDecay}, the builder convention. */
        @Deprecated
        public Builder layerDecay(float v) { return optLayerDecay(v); }
        public Builder optUnfreezeEvery(int v) { unfreezeEvery = v; return this; }
        /** @deprecated use {@link #optUnfreezeEvery}, the builder convention. */
        @Deprecated
        public Builder unfreezeEvery(int v) { return optUnfreezeEvery(v); }

        public Tuning build() {
            return new Tuning(dropPath, balance, layerDecay, unfreezeEvery);
        }
    }
}
