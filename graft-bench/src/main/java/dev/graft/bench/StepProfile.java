package dev.graft.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.graft.engine.Engines;
import dev.graft.model.Models;
import dev.graft.model.HeadSpec;
import dev.graft.model.Network;
import dev.graft.nn.BnPolicy;
import dev.graft.nn.Ctx;
import dev.graft.train.Losses;
import dev.graft.train.Optimizer;
import dev.graft.train.TrainConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Where the time of one training step goes: timers around each phase (copying the batch in,
 * forward, loss and backward, optimizer, freeing the step's arrays) of the same step
 * {@link Throughput} times. Shares inside one process survive a busy machine far better than
 * absolute speeds do, which is why this reports both. libtorch runs every CPU operator
 * synchronously, so a wall-clock timer around a phase measures that phase.
 *
 * <p>With a trace file, libtorch's own profiler also records every operator of the last step
 * (a Chrome trace; {@code tools/bench/trace_table.py} turns it into torch.profiler's table).
 */
public final class StepProfile {
    private StepProfile() {}

    /** Median milliseconds per phase over the timed steps, in step order, and the median total. */
    public record Result(String arch, int size, int batch, int threads, Map<String, Double> phaseMs, double totalMs) {
        /** The share of the step spent in one phase, from 0 to 1. */
        public double share(String phase) {
            return phaseMs.get(phase) / phaseMs.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    public static final String[] PHASES = {"copy-in", "forward", "loss+backward", "optimizer", "free"};

    /** Profiles {@code steps} training steps after {@code warmup}; a non-null {@code trace} records the last. */
    public static Result train(String arch, int size, int batch, int threads, int warmup, int steps, String trace) {
        Engines.start(threads);
        JniUtils.setNumThreads(threads);
        double[][] ms = new double[PHASES.length][steps];
        double[] total = new double[steps];
        try (NDManager m = Engines.newManager()) {
            Network net = Models.build(arch, 1000, HeadSpec.LINEAR, m, 1);
            Optimizer opt = new Optimizer(TrainConfig.Optim.ADAMW, 0.9f, 0.01f);
            opt.setParams(net.namedParams(), Map.of());
            float[] x = gaussian(batch * 3 * size * size, 1);
            long[] labels = new long[batch];
            for (int s = 0; s < warmup + steps; s++) {
                boolean tracing = trace != null && s == warmup + steps - 1;
                if (tracing) {
                    JniUtils.startProfile(false, true, true);
                }
                long[] t = new long[PHASES.length + 1];
                t[0] = System.nanoTime();
                NDManager sm = m.newSubManager();
                NDArray in = sm.create(x, new Shape(batch, 3, size, size));
                NDArray y = sm.create(labels);
                t[1] = System.nanoTime();
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = net.forward(in, Ctx.train(BnPolicy.TRAIN));
                    t[2] = System.nanoTime();
                    gc.backward(Losses.crossEntropy(logits, y, 0f));
                }
                t[3] = System.nanoTime();
                opt.step(1e-4f, 1f);
                t[4] = System.nanoTime();
                sm.close();
                t[5] = System.nanoTime();
                if (tracing) {
                    JniUtils.stopProfile(trace);
                }
                if (s >= warmup) {
                    for (int p = 0; p < PHASES.length; p++) {
                        ms[p][s - warmup] = (t[p + 1] - t[p]) / 1e6;
                    }
                    total[s - warmup] = (t[PHASES.length] - t[0]) / 1e6;
                }
            }
        }
        Map<String, Double> phases = new LinkedHashMap<>();
        for (int p = 0; p < PHASES.length; p++) {
            phases.put(PHASES[p], median(ms[p]));
        }
        return new Result(arch, size, batch, threads, phases, median(total));
    }

    static float[] gaussian(int n, long seed) {
        float[] x = new float[n];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
