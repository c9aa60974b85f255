package dev.graft.spark.exec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.calibration.Calibration;
import dev.graft.engine.Engines;
import dev.graft.job.LoadedRun;
import dev.graft.model.Architectures;
import dev.graft.model.Network;
import dev.graft.model.WeightLoader;
import dev.graft.nn.Ctx;
import dev.graft.weights.Safetensors;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

/**
 * One network for one partition, built from a broadcast bundle and freed when the task ends
 * (however it ends), so native memory never outlives the task that used it.
 */
public final class PartitionModel implements AutoCloseable {
    private final Network net;
    private final AutoCloseable resources;
    private final Calibration calibration;
    private boolean closed;

    private PartitionModel(Network net, AutoCloseable resources, Calibration calibration) {
        this.net = net;
        this.resources = resources;
        this.calibration = calibration;
    }

    /**
     * Builds the network in inference mode and, inside a Spark task, registers its release at
     * task completion. libtorch's intra-op threads are set to {@code threads} if this JVM has not
     * started the engine yet (in local mode the driver may have).
     */
    public static PartitionModel open(ModelBundle bundle, String arch, boolean isRun, int threads) {
        Engines.start(threads);
        PartitionModel pm;
        if (isRun) {
            LoadedRun run = LoadedRun.open(bundle.localDir(), threads);
            pm = new PartitionModel(run.net(), run, run.info().calibrationOrNone());
        } else {
            NDManager manager = Engines.newManager();
            try {
                Network net = Architectures.get(arch).create(1);
                net.materialize(manager, 0);
                String file = bundle.localDir().resolve(ModelSource.WEIGHTS).toString();
                WeightLoader.load(net, Safetensors.read(bundle.localDir().resolve(ModelSource.WEIGHTS)), file, false);
                pm = new PartitionModel(net, manager, Calibration.NONE);
            } catch (RuntimeException e) {
                manager.close();
                throw e;
            }
        }
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) ctx -> pm.close());
        }
        return pm;
    }

    public Network net() {
        return net;
    }

    /** Features of {@code n} preprocessed images, row-major [n, featureDim]. */
    public float[] features(float[] x, int n, int size) {
        try (NDManager sm = manager().newSubManager()) {
            return net.features(sm.create(x, new Shape(n, 3, size, size)), Ctx.EVAL).toFloatArray();
        }
    }

    /**
     * Class probabilities of {@code n} preprocessed images, row-major [n, classes]: for a run
     * folder, calibrated with the temperature its {@code graft.json} stores, as {@code graft predict}
     * gives them.
     */
    public float[] probabilities(float[] x, int n, int size) {
        try (NDManager sm = manager().newSubManager()) {
            NDArray logits = net.forward(sm.create(x, new Shape(n, 3, size, size)), Ctx.EVAL);
            return calibration.probabilities(logits).toFloatArray();
        }
    }

    private NDManager manager() {
        return net.namedParams().values().iterator().next().array().getManager();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot free the partition's network: " + e.getMessage(), e);
        }
    }
}
