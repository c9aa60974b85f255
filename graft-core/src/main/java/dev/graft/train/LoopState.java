package dev.graft.train;

import dev.graft.weights.StateDict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The mutable counters of a {@link Trainer}'s loop, convertible to and from a {@link TrainState}. */
final class LoopState {
    int epoch = 1;
    int batch;
    long step;
    double lossSum;
    long correct;
    long seen;
    double bestLoss;
    double bestAcc;
    int bestEpoch;
    int sinceBest;
    String earlyStop;
    List<EpochMetrics> history = new ArrayList<>();
    StateDict best;

    /** A phase that starts from the current weights, scored {@code val} = {loss, accuracy}. */
    static LoopState fresh(double[] val, StateDict weights) {
        LoopState s = new LoopState();
        s.bestLoss = val[0];
        s.bestAcc = val[1];
        s.best = weights;
        return s;
    }

    static LoopState of(TrainState t) {
        LoopState s = new LoopState();
        s.epoch = t.epoch();
        s.batch = t.batch();
        s.step = t.step();
        s.lossSum = t.lossSum();
        s.correct = t.correct();
        s.seen = t.seen();
        s.bestLoss = t.bestLoss();
        s.bestAcc = t.bestAcc();
        s.bestEpoch = t.bestEpoch();
        s.sinceBest = t.sinceBest();
        s.earlyStop = t.earlyStop();
        s.history = new ArrayList<>(t.history());
        s.best = t.best();
        return s;
    }

    TrainState snapshot(Optimizer opt, Map<String, StateDict> extras) {
        return new TrainState(epoch, batch, step, lossSum, correct, seen, bestLoss, bestAcc, bestEpoch, sinceBest,
                earlyStop, List.copyOf(history), best, opt.state(), extras);
    }

    /** Moves to the start of the next epoch. */
    void nextEpoch() {
        epoch++;
        batch = 0;
        lossSum = 0;
        correct = 0;
        seen = 0;
    }
}
