package dev.graft.job;

import ai.djl.ndarray.NDManager;
import dev.graft.engine.Engines;
import dev.graft.model.Network;
import dev.graft.model.Pretrained;
import dev.graft.model.PretrainedSpec;
import dev.graft.model.PretrainedSpecs;
import dev.graft.model.WeightLoader;
import dev.graft.run.RunDir;
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

    private LoadedRun(RunDir dir, RunInfo info, Network net, NDManager manager) {
        this.dir = dir;
        this.info = info;
        this.net = net;
        this.manager = manager;
    }

    public static LoadedRun open(Path folder, int threads) {
        return open(folder, threads, null);
    }

    /**
     * @param base where the base weights of a parameter-efficient run are, when not where
     *     {@code graft.json} recorded them (null: as recorded); ignored for other runs
     */
    public static LoadedRun open(Path folder, int threads, String base) {
        Engines.start(threads);
        RunDir dir = RunDir.open(folder);
        RunInfo info = dir.readInfo();
        NDManager manager = Engines.newManager();
        try {
            Network net = Models.build(info.arch(), info.labels().size(), info.head(), manager, info.seed());
            if (info.peft() == null) {
                WeightLoader.load(net, Safetensors.read(dir.model()), dir.model().toString(), true);
            } else {
                PeftRuns.load(net, dir, info, base);
            }
            return new LoadedRun(dir, info, net, manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
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
            return new LoadedRun(null, info, net, manager);
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

    @Override
    public void close() {
        manager.close();
    }
}
