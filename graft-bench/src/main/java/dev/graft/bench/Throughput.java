package dev.graft.bench;

import dev.graft.check.Checks;

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
import java.util.Map;

/**
 * Training and inference speed of one architecture on synthetic input, at each thread count in
 * the same process, so the numbers compare against each other rather than against a memory.
 * Input is synthetic so that only the network (and JNI, and the optimizer) is measured.
 */
public final class Throughput {
    private Throughput() {}

    /**
     * One measurement.
     *
     * @param threads libtorch intra-op threads
     * @param mode {@code train} (forward, backward, AdamW step) or {@code infer}
     * @param batch images per step
     * @param imagesPerSecond the median over the timed steps
     * @param msPerStep the median step time
     */
    public record Result(int threads, String mode, int batch, double imagesPerSecond, double msPerStep) {}

    /** Measures {@code steps} timed steps after {@code warmup} untimed ones. */
    public static Result measure(String arch, int size, int batch, boolean train, int threads, int warmup, int steps) {
        Checks.range("size", size, 1, dev.graft.data.Preprocess.MAX_SIZE);
        Checks.range("batch", batch, 1, dev.graft.train.TrainConfig.MAX_BATCH);
        Checks.range("steps", steps, 1, 1_000_000);
        Checks.atLeast("warmup", warmup, 0);
        dev.graft.engine.Engines.checkThreads("threads", threads, false);
        Engines.start(threads);
        JniUtils.setNumThreads(threads);
        try (NDManager m = Engines.newManager()) {
            Network net = Models.build(arch, 1000, HeadSpec.LINEAR, m, 1);
            Optimizer opt = new Optimizer(TrainConfig.Optim.ADAMW, 0.9f, 0.01f);
            opt.setParams(net.namedParams(), Map.of());
            float[] x = new float[batch * 3 * size * size];
            java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextGaussian();
            }
            long[] labels = new long[batch];
            double[] ms = new double[steps];
            for (int s = 0; s < warmup + steps; s++) {
                long t0 = System.nanoTime();
                try (NDManager sm = m.newSubManager()) {
                    NDArray in = sm.create(x, new Shape(batch, 3, size, size));
                    if (train) {
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray loss = Losses.crossEntropy(net.forward(in, Ctx.train(BnPolicy.TRAIN)),
                                    sm.create(labels), 0f);
                            gc.backward(loss);
                        }
                        opt.step(1e-4f, 1f);
                    } else {
                        net.forward(in, Ctx.EVAL).toFloatArray();
                    }
                }
                if (s >= warmup) {
                    ms[s - warmup] = (System.nanoTime() - t0) / 1e6;
                }
            }
            java.util.Arrays.sort(ms);
            double median = ms[steps / 2];
            return new Result(threads, train ? "train" : "infer", batch, batch * 1000.0 / median, median);
        }
    }
}
