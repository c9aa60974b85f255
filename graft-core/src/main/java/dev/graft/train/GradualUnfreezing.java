package dev.graft.train;

import dev.graft.model.Network;
import dev.graft.nn.BnPolicy;

/**
 * Gradual unfreezing (ULMFiT's, fastai's): epoch 1 trains the head and the top stage; every
 * {@code every} epochs one more stage below joins, until the stem does. Each change re-applies
 * the BatchNorm policy through {@link Freezing}, and the trainer hands newly unfrozen parameters
 * to its optimizer at the start of the epoch, keeping the state of those already training.
 */
public final class GradualUnfreezing implements TrainListener {
    private final Network net;
    private final int every;
    private final BnPolicy policy;

    /**
     * @param every epochs between two unfreezings (at least 1)
     * @param policy the BatchNorm policy to keep
     */
    public GradualUnfreezing(Network net, int every, BnPolicy policy) {
        if (every < 1) {
            throw new IllegalArgumentException("`unfreezeEvery` needs N >= 1, got " + every);
        }
        this.net = net;
        this.every = every;
        this.policy = policy;
    }

    /** How many stages from the top train in 1-based epoch {@code epoch}. */
    public int stagesAt(int epoch) {
        return Math.min(net.stages().size(), 1 + (Math.max(1, epoch) - 1) / every);
    }

    /** Sets the freezing for the first epoch; call before training starts. */
    public void start() {
        Freezing.unfreezeTop(net, stagesAt(1), policy);
    }

    @Override
    public void onEpochBegin(TrainContext ctx, int epoch) {
        Freezing.unfreezeTop(net, stagesAt(epoch), policy);
    }
}
