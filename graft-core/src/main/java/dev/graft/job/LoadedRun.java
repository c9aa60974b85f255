package dev.graft.job;

import ai.djl.ndarray.NDManager;
import dev.graft.engine.Engines;
import dev.graft.model.Models;
import dev.graft.model.Network;
import dev.graft.model.Pretrained;
import dev.graft.model.PretrainedSpec;
import dev.graft.model.PretrainedSpecs;
import dev.graft.model.WeightLoader;
import dev.graft.run.RunDir;
import dev.graft.run.RunException;
import dev.graft.run.RunInfo;
import dev.graft.weights.Safetensors;
import java.nio.file.Path;
import java.util.Map;

/**
 * A run folder's network, rebuilt from {@code graft.json} and loaded with its weights. Close it to
 * free them. A parameter-efficient run (LoRA, BitFit, adapters) is rebuilt from its base weights,
 * found where {@code graft.json} says and checked by sha256, plus its {@code adapters.safetensors}.
 */
public final class LoadedRun implements AutoCloseable {
    private final RunDir dir;
    private final RunInfo info;
    private final Network net;
    private final NDManager manager;
    private final String arch;
    private final Trusted trusted;

    private LoadedRun(RunDir dir, RunInfo info, Network net, NDManager manager, String arch, Trusted trusted) {
        this.dir = dir;
        this.info = info;
        this.net = net;
        this.manager = manager;
        this.arch = arch;
        this.trusted = trusted;
    }

    public static LoadedRun open(Path folder, int threads) {
        return open(folder, threads, Trusted.NONE);
    }

    /**
     * @param base where the base weights of a parameter-efficient run are, when not a registry
     *     tag or hub file as {@code graft.json} recorded them (null: as recorded); ignored for other runs
     */
    public static LoadedRun open(Path folder, int threads, String base) {
        return open(folder, threads, Trusted.base(base));
    }

    /**
     * Opens a run folder, which is untrusted: its architecture must be a registered one (a
     * TorchScript one needs {@code trusted.torchscript}), its model file must have the sha256
     * {@code graft.json} records, and base weights come only from a tag, the hub or
     * {@code trusted.base} (see {@link RunInputs}).
     */
    public static LoadedRun open(Path folder, int threads, Trusted trusted) {
        Engines.start(threads);
        RunDir dir = RunDir.open(folder);
        RunInfo info = dir.readInfo();
        String arch = RunInputs.arch(info.arch(), info.script() == null ? null : info.script().sha256(),
                trusted.torchscript(), dir.info());
        checkShape(info, dir);
        Path model = RunInputs.modelFile(dir, info);
        NDManager manager = Engines.newManager();
        try {
            Network net = Models.build(arch, info.labels().size(), info.head(), manager, info.seed());
            if (info.peft() == null) {
                WeightLoader.load(net, Safetensors.read(model), model.toString(), true);
            } else {
                PeftRuns.load(net, dir, info, model, trusted.base());
            }
            return new LoadedRun(dir, info, net, manager, arch, trusted);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The parts of graft.json a network needs, present. */
    private static void checkShape(RunInfo info, RunDir dir) {
        if (info.head() == null || info.preprocess() == null) {
            throw new RunException(dir.info() + ": no " + (info.head() == null ? "head" : "preprocess")
                    + " recorded; the run folder is damaged");
        }
    }

    /**
     * A network straight from a registry tag, without training: for predicting with, say,
     * ImageNet weights, whose class names and preprocessing travel with the tag. {@link #dir()} is null.
     */
    public static LoadedRun fromPretrained(String tag, int threads) {
        Engines.start(threads);
        PretrainedSpec spec = PretrainedSpecs.find(tag).orElseThrow(() -> new IllegalArgumentException(
                "unknown weights tag '" + tag + "'; graft models lists them (a run folder goes with `run`)"));
        if (spec.labels().size() != spec.numClasses()) {
            throw new IllegalArgumentException(tag + " carries no class names; train a run on it and predict with `run`");
        }
        Pretrained.Resolved w = Pretrained.resolve(tag);
        NDManager manager = Engines.newManager();
        try {
            Network net = dev.graft.model.Architectures.get(spec.arch()).create(spec.numClasses());
            net.materialize(manager, 0);
            WeightLoader.load(net, w.dict(), tag, true);
            RunInfo info = new RunInfo(dev.graft.Graft.RUN_FORMAT, null, Map.of(), spec.arch(), null,
                    new RunInfo.Base(tag, w.sha256(), spec.description()), spec.labels(), spec.preprocess(), "pretrained",
                    Map.of(), 0, null, Map.of(), null);
            return new LoadedRun(null, info, net, manager, spec.arch(), Trusted.NONE);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public RunDir dir() {
        return dir;
    }

    public RunInfo info() {
        return info;
    }

    public Network net() {
        return net;
    }

    public NDManager manager() {
        return manager;
    }

    /**
     * The architecture the network was built as: {@code info().arch()} after {@link RunInputs}
     * checked it (for a TorchScript run, the program the user named).
     */
    public String arch() {
        return arch;
    }

    /** What the user named when opening the run; jobs that load more of the run's inputs reuse it. */
    public Trusted trusted() {
        return trusted;
    }

    @Override
    public void close() {
        manager.close();
    }
}
