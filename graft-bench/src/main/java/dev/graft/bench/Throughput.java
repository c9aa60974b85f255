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
import dev.graft.nn.BnFold;
import dev.graft.nn.BnPolicy;
import dev.graft.nn.Ctx;
import dev.graft.train.Freezing;
import dev.graft.train.Losses;
import dev.graft.train.Optimizer;
import dev.graft.train.TrainConfig;
import java.util.Map;

/**
 * Training and inference speed of one architecture on synthetic input, at each thread count in
 * the same process, so the numbers compare against each other rather than against a memory.
 * Input is synthetic so that only the network (and JNI, and the optimizer) is measured.
 *
 * <p>Each step is what Graft does for its users: training is forward, backward and an AdamW step
 * under a per-step NDManager; inference runs inside a {@link BnFold} scope, as predict, evaluate
 * and feature caching do.
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
     * @param cpuMsPerStep the median CPU time of this process per step (all its threads), which a busy
     *     machine inflates far less than wall time
     */
    public record Result(int threads, String mode, int batch, double imagesPerSecond, double msPerStep,
            double cpuMsPerStep) {}

    /** Measures {@code steps} timed steps after {@code warmup} untimed ones. */
    public static Result measure(String arch, int size, int batch, boolean train, int threads, int warmup, int steps) {
        Checks.range("size", size, 1, dev.graft.data.Preprocess.MAX_SIZE);
        Checks.range("batch", batch, 1, dev.graft.train.TrainConfig.MAX_BATCH);
        Checks.range("steps", steps, 1, 1_000_000);
        Checks.atLeast("warmup", warmup, 0);
        dev.graft.engine.Engines.checkThreads("threads", threads, false);
        Engines.start(threads);
        JniUtils.setNumThreads(threads);
        try (Workload w = new Workload(arch, train)) {
            float[] x = StepProfile.gaussian(batch * 3 * size * size, 1);
            double[] ms = new double[steps];
            double[] cpu = new double[steps];
            for (int s = 0; s < warmup + steps; s++) {
                long c0 = CpuTime.processNanos();
                long t0 = System.nanoTime();
                w.step(x, batch, size);
                if (s >= warmup) {
                    ms[s - warmup] = (System.nanoTime() - t0) / 1e6;
                    cpu[s - warmup] = (CpuTime.processNanos() - c0) / 1e6;
                }
            }
            double median = StepProfile.median(ms);
            return new Result(threads, train ? "train" : "infer", batch, batch * 1000.0 / median, median,
                    StepProfile.median(cpu));
        }
    }

    /**
     * A network with a 1000-class head and, for training, its AdamW optimizer: one step of
     * training or inference on a batch of preprocessed images.
     */
    public static final class Workload implements AutoCloseable {
        private final NDManager manager;
        private final Network net;
        private final Optimizer opt;
        private final BnFold fold;

        public Workload(String arch, boolean train) {
            this(arch, train, -1);
        }

        /**
         * @param frozenStages for training, freeze the stem and this many stages above it (partial:K),
         *     with their BatchNorm folded as {@code Trainer} folds it; -1 trains everything
         */
        public Workload(String arch, boolean train, int frozenStages) {
            manager = Engines.newManager();
            net = Models.build(arch, 1000, HeadSpec.LINEAR, manager, 1);
            if (train) {
                if (frozenStages >= 0) {
                    Freezing.freezeStages(net, frozenStages, BnPolicy.TRAIN);
                }
                opt = new Optimizer(TrainConfig.Optim.ADAMW, 0.9f, 0.01f);
                opt.setParams(net.namedParams(), Map.of());
                fold = frozenStages >= 0 ? BnFold.forFrozen(net) : null;
            } else {
                opt = null;
                fold = BnFold.forInference(net);
            }
        }

        /** One step on {@code n} images of {@code size}×{@code size}, NCHW in {@code x}. */
        public void step(float[] x, int n, int size) {
            try (NDManager sm = manager.newSubManager()) {
                NDArray in = sm.create(x, new Shape(n, 3, size, size));
                if (opt != null) {
                    if (fold != null) {
                        fold.ensure(in);
                    }
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(Losses.crossEntropy(net.forward(in, Ctx.train(BnPolicy.TRAIN)),
                                sm.create(new long[n]), 0f));
                    }
                    opt.step(1e-4f, 1f);
                } else {
                    fold.ensure(in);
                    net.forward(in, Ctx.EVAL).toFloatArray();
                }
            }
        }

        @Override
        public void close() {
            if (fold != null) {
                fold.close();
            }
            manager.close();
        }
    }
}
