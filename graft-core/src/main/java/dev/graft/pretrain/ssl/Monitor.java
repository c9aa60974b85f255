package dev.graft.pretrain.ssl;

import ai.djl.ndarray.NDManager;
import dev.graft.data.ImageSource;
import dev.graft.data.Preprocess;
import dev.graft.model.Network;

/**
 * Watches SSL training with labels it never trains on: the backbone's frozen features of a small
 * labeled bank and of held-out queries, scored by {@link KnnMonitor} and by a {@link LinearProbe}
 * fitted on the bank.
 */
public final class Monitor {
    private final ImageSource bank;
    private final ImageSource queries;
    private final Preprocess preprocess;
    private final int threads;
    private LinearProbe lastProbe;

    public Monitor(ImageSource bank, ImageSource queries, Preprocess preprocess, int threads) {
        this.bank = bank;
        this.queries = queries;
        this.preprocess = preprocess;
        this.threads = threads;
    }

    /** kNN accuracy and linear-probe accuracy on the queries, in that order. */
    public double[] evaluate(Network net, NDManager parent) {
        Features b = Features.of(net, bank, preprocess, parent, threads);
        Features q = Features.of(net, queries, preprocess, parent, threads);
        lastProbe = LinearProbe.fit(b);
        return new double[] {KnnMonitor.accuracy(b, q, KnnMonitor.DEFAULT_K, KnnMonitor.DEFAULT_T),
                lastProbe.accuracy(q)};
    }

    /** The probe of the last {@link #evaluate}, or null before the first. */
    public LinearProbe lastProbe() {
        return lastProbe;
    }

    public ImageSource bank() {
        return bank;
    }
}
