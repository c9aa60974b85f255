package dev.graft.pretrain.ssl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.graft.data.BatchLoader;
import dev.graft.data.ImageSource;
import dev.graft.data.Preprocess;
import dev.graft.model.Network;
import dev.graft.nn.BnPolicy;
import dev.graft.nn.Ctx;
import dev.graft.nn.Param;
import dev.graft.train.LrSchedule;
import dev.graft.train.Optimizer;
import dev.graft.train.TrainConfig;
import dev.graft.train.TrainingException;
import dev.graft.weights.HostTensor;
import dev.graft.weights.Safetensors;
import dev.graft.weights.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * SimCLR's training loop (Chen et al., "A Simple Framework for Contrastive Learning of Visual
 * Representations", ICML 2020): every step draws two augmented views of each image in the batch,
 * runs both through the backbone and the projection head in one pass (so BatchNorm sees all
 * 2·batch views), and minimises {@link NtXent}. The data order of epoch e and both views of every
 * image depend only on (seed, e, image), so a run resumed from its end-of-epoch checkpoint trains
 * exactly what the uninterrupted run would have.
 */
public final class SimClr {
    /** What one epoch did; the monitors are NaN when there were no labels to monitor with. */
    public record EpochLog(int epoch, double loss, double knn, double probe, double lr, double seconds,
            double imagesPerSecond) {}

    /** Progress callbacks, each with a default that does nothing. */
    public interface Listener {
        default void onStep(long step, long totalSteps, double loss) {}

        default void onEpoch(EpochLog log) {}

        /** Asked after every step; true ends training after the current epoch's checkpoint. */
        default boolean stopRequested() {
            return false;
        }
    }

    private final Network net;
    private final Projector projector;
    private final SslConfig config;
    private final Preprocess preprocess;
    private final Monitor monitor;
    private final int threads;
    private final int checkpointEvery;

    /**
     * @param monitor the kNN and linear-probe monitors, or null for none
     * @param checkpointEvery also checkpoint every this many steps inside an epoch (0 = only at epoch ends)
     */
    public SimClr(Network net, Projector projector, SslConfig config, Preprocess preprocess, Monitor monitor,
            int threads, int checkpointEvery) {
        this.checkpointEvery = checkpointEvery;
        this.net = net;
        this.projector = projector;
        this.config = config;
        this.preprocess = preprocess;
        this.monitor = monitor;
        this.threads = threads;
    }

    /**
     * Trains on {@code images} (their labels are never read), checkpointing after every epoch to
     * {@code checkpoint} when it is not null, and continuing from it when it exists.
     *
     * @return one entry per epoch trained in this call
     */
    public List<EpochLog> fit(ImageSource images, Path checkpoint, Listener listener) {
        int b = config.batchSize();
        int steps = images.size() / b;
        if (steps == 0) {
            throw new IllegalArgumentException("SimCLR needs at least one full batch: " + images.size()
                    + " image(s) for batch size " + b + "; lower `batchSize`");
        }
        long total = (long) steps * config.epochs();
        LrSchedule schedule = new LrSchedule(config.lr(), Math.round(config.warmupEpochs() * steps), total,
                TrainConfig.Schedule.COSINE);
        Map<String, Param> params = trainedParams();
        Optimizer opt = new Optimizer(TrainConfig.Optim.ADAMW, 0.9f, config.weightDecay());
        opt.setParams(params, Map.of());
        int first = 1;
        Position at = new Position(0, 0, 0, 0);
        if (checkpoint != null && Files.isRegularFile(checkpoint)) {
            at = restore(checkpoint, params, opt);
            first = at.epoch() + 1;
        }
        List<EpochLog> logs = new ArrayList<>();
        NDManager parent = params.values().iterator().next().array().getManager();
        Ctx ctx = Ctx.train(BnPolicy.TRAIN);
        try (BatchLoader viewA = new BatchLoader(images, preprocess, config.augment(), b, threads);
                BatchLoader viewB = new BatchLoader(images, preprocess, config.augment(), b, threads)) {
            for (int epoch = first; epoch <= config.epochs(); epoch++) {
                long t0 = System.nanoTime();
                int[] order = order(images.size(), steps * b, config.seed(), epoch);
                int skip = epoch == first ? at.batch() : 0;
                Iterator<BatchLoader.Batch> a = viewA.iterate(order, config.seed() * 2 + 1, epoch, false);
                Iterator<BatchLoader.Batch> bb = viewB.iterate(order, config.seed() * 2 + 2, epoch, false);
                for (int i = 0; i < skip && a.hasNext(); i++) {
                    // resumed mid-epoch: these batches were trained before the checkpoint. They are
                    // drawn and dropped, not cut from the order, because an image's views depend on
                    // its position in the epoch.
                    a.next();
                    bb.next();
                }
                double lossSum = epoch == first ? at.lossSum() : 0;
                int seen = epoch == first ? at.seen() : 0;
                int batch = skip;
                long step = (long) (epoch - 1) * steps + skip;
                boolean stop = false;
                while (a.hasNext() && !stop) {
                    BatchLoader.Batch va = a.next();
                    BatchLoader.Batch vb = bb.next();
                    batch++;
                    if (va.n() == vb.n() && va.n() >= 2) { // else an unreadable image was dropped: skip, never mispair
                        double loss = step(va, vb, parent, ctx);
                        if (!Double.isFinite(loss)) {
                            throw new TrainingException("SimCLR loss became " + loss + " at epoch " + epoch
                                    + "; lower the learning rate (`lr`) or raise `temperature`");
                        }
                        opt.step(schedule.at(step), 1f);
                        lossSum += loss;
                        seen++;
                        listener.onStep(step + 1, total, loss);
                    }
                    step++;
                    stop = listener.stopRequested();
                    if (checkpoint != null && a.hasNext() && (stop || (checkpointEvery > 0 && batch % checkpointEvery == 0))) {
                        save(checkpoint, params, opt, new Position(epoch - 1, batch, lossSum, seen));
                    }
                }
                if (a.hasNext()) {
                    break; // stopped mid-epoch; the checkpoint above holds the position
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                double[] mon = monitor == null ? new double[] {Double.NaN, Double.NaN} : monitor.evaluate(net, parent);
                EpochLog log = new EpochLog(epoch, lossSum / Math.max(1, seen), mon[0], mon[1],
                        schedule.at(Math.max(0, step - 1)), secs, (batch - skip) * 2.0 * b / secs);
                logs.add(log);
                if (checkpoint != null) {
                    save(checkpoint, params, opt, new Position(epoch, 0, 0, 0));
                }
                listener.onEpoch(log);
                if (listener.stopRequested()) {
                    break;
                }
            }
        }
        return logs;
    }

    /** Where a checkpoint stands: epochs finished, batches of the next one trained, and its loss so far. */
    record Position(int epoch, int batch, double lossSum, int seen) {}

    private double step(BatchLoader.Batch va, BatchLoader.Batch vb, NDManager parent, Ctx ctx) {
        int s = va.size();
        try (NDManager sm = parent.newSubManager()) {
            NDArray x = sm.create(va.x(), new Shape(va.n(), 3, s, s))
                    .concat(sm.create(vb.x(), new Shape(vb.n(), 3, s, s)), 0);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray z = projector.forward(net.features(x, ctx), ctx);
                NDArray loss = NtXent.loss(z, config.temperature());
                gc.backward(loss);
                return loss.getFloat();
            }
        }
    }

    /** The backbone's parameters (not its classifier head) and the projector's, by checkpoint name. */
    private Map<String, Param> trainedParams() {
        Map<String, Param> out = new LinkedHashMap<>();
        net.namedParams().forEach((name, p) -> {
            if (!net.isHeadParam(name)) {
                out.put("net." + name, p);
            }
        });
        projector.namedParams().forEach((name, p) -> out.put("projector." + name, p));
        return out;
    }

    /** A seeded shuffle of 0..n-1, cut to {@code keep} images (whole batches). */
    static int[] order(int n, int keep, long seed, int epoch) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return java.util.Arrays.copyOf(o, keep);
    }

    private static void save(Path file, Map<String, Param> params, Optimizer opt, Position at) {
        StateDict st = new StateDict();
        params.forEach((name, p) -> st.put(name, new HostTensor(p.shape(), p.array().toFloatArray())));
        opt.state().tensors().forEach((name, t) -> st.put("opt." + name, t));
        st.metadata().put("epoch", Integer.toString(at.epoch()));
        st.metadata().put("batch", Integer.toString(at.batch()));
        st.metadata().put("lossSum", Double.toString(at.lossSum()));
        st.metadata().put("seen", Integer.toString(at.seen()));
        Safetensors.write(st, file); // atomic
    }

    /** Loads a checkpoint; returns where it stood. */
    private static Position restore(Path file, Map<String, Param> params, Optimizer opt) {
        StateDict st = Safetensors.read(file);
        StateDict weights = new StateDict();
        StateDict optState = new StateDict();
        st.tensors().forEach((name, t) -> {
            if (name.startsWith("opt.")) {
                optState.put(name.substring(4), t);
            } else {
                weights.put(name, t);
            }
        });
        for (Map.Entry<String, Param> e : params.entrySet()) {
            HostTensor t = weights.get(e.getKey());
            if (t == null || !t.sameShape(e.getValue().shape())) {
                throw new TrainingException(file + ": checkpoint has no tensor '" + e.getKey() + "' of shape "
                        + java.util.Arrays.toString(e.getValue().shape()) + "; it was made with other settings");
            }
            e.getValue().array().set(t.data());
        }
        opt.loadState(optState);
        Map<String, String> m = st.metadata();
        return new Position(Integer.parseInt(m.getOrDefault("epoch", "0")), Integer.parseInt(m.getOrDefault("batch", "0")),
                Double.parseDouble(m.getOrDefault("lossSum", "0")), Integer.parseInt(m.getOrDefault("seen", "0")));
    }
}
