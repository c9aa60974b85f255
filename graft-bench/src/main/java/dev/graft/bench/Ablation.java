package dev.graft.bench;

import ai.djl.pytorch.jni.JniUtils;
import dev.graft.engine.Engines;
import java.util.ArrayList;
import java.util.List;

/**
 * What each of Graft's speed measures buys, in one process: a ladder of variants, each adding one
 * measure to the one before, takes turns step by step on identical networks and input, so a busy
 * machine slows them all alike. The measures are switched by the system properties that exist for
 * this: {@code graft.keepIntermediates}, {@code graft.channelsLast}, {@code graft.bnfold}. The
 * allocator is chosen per process (the launcher), so it is not on this ladder. For training, two
 * more rows freeze the stem and three stages (partial:3) and compare that step unfolded and folded.
 */
public final class Ablation {
    private Ablation() {}

    /** One rung: which measures are on, and for training how many stages above the stem are frozen (-1: none). */
    public record Variant(String name, boolean freeIntermediates, boolean channelsLast, boolean fold, int frozen) {
        Variant(String name, boolean freeIntermediates, boolean channelsLast, boolean fold) {
            this(name, freeIntermediates, channelsLast, fold, -1);
        }

        void apply() {
            System.setProperty("graft.keepIntermediates", Boolean.toString(!freeIntermediates));
            System.setProperty("graft.channelsLast", Boolean.toString(channelsLast));
            System.setProperty("graft.bnfold", Boolean.toString(fold));
        }
    }

    /** None, then freeing activations early, then channels-last, then BatchNorm folding (inference only). */
    public static final List<Variant> LADDER = List.of(
            new Variant("none", false, false, false),
            new Variant("+ free activations", true, false, false),
            new Variant("+ channels-last", true, true, false),
            new Variant("+ fold BatchNorm", true, true, true));

    /** Training with the stem and three stages frozen (partial:3), without and with their BatchNorm folded. */
    public static final List<Variant> FROZEN = List.of(
            new Variant("partial:3, unfolded", true, true, false, 3),
            new Variant("partial:3, folded", true, true, true, 3));

    /** Median wall and CPU milliseconds per step of one variant. */
    public record Result(String variant, double msPerStep, double cpuMsPerStep) {}

    /** Runs every variant for {@code steps} timed steps after one untimed round, alternating step by step. */
    public static List<Result> run(String arch, int size, int batch, boolean train, int threads, int steps) {
        Engines.start(threads);
        JniUtils.setNumThreads(threads);
        List<Variant> ladder = new ArrayList<>(train ? LADDER.subList(0, 3) : LADDER); // full training has nothing to fold
        if (train) {
            ladder.addAll(FROZEN);
        }
        float[] x = StepProfile.gaussian(batch * 3 * size * size, 1);
        List<Throughput.Workload> work = new ArrayList<>();
        double[][] ms = new double[ladder.size()][steps];
        double[][] cpu = new double[ladder.size()][steps];
        try {
            for (Variant v : ladder) {
                v.apply(); // a fold scope decides on its first step, so each workload is made under its own switches
                work.add(new Throughput.Workload(arch, train, v.frozen()));
            }
            for (int s = -1; s < steps; s++) {
                for (int v = 0; v < ladder.size(); v++) {
                    ladder.get(v).apply();
                    long c0 = CpuTime.processNanos();
                    long t0 = System.nanoTime();
                    work.get(v).step(x, batch, size);
                    if (s >= 0) {
                        ms[v][s] = (System.nanoTime() - t0) / 1e6;
                        cpu[v][s] = (CpuTime.processNanos() - c0) / 1e6;
                    }
                }
            }
        } finally {
            work.forEach(Throughput.Workload::close);
            System.clearProperty("graft.keepIntermediates");
            System.clearProperty("graft.channelsLast");
            System.clearProperty("graft.bnfold");
        }
        List<Result> out = new ArrayList<>();
        for (int v = 0; v < ladder.size(); v++) {
            out.add(new Result(ladder.get(v).name(), StepProfile.median(ms[v]), StepProfile.median(cpu[v])));
        }
        return out;
    }
}
