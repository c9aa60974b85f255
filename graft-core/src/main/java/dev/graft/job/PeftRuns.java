package dev.graft.job;

import dev.graft.model.Network;
import dev.graft.model.Pretrained;
import dev.graft.model.WeightLoader;
import dev.graft.peft.Method;
import dev.graft.peft.Peft;
import dev.graft.run.RunDir;
import dev.graft.run.RunException;
import dev.graft.run.RunInfo;
import dev.graft.weights.Safetensors;
import dev.graft.weights.StateDict;
import dev.graft.weights.WeightsException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run folders of parameter-efficient runs: they save only the trained tensors and the head, and
 * name the base weights by source and sha256; loading resolves the base (a file, a URL in the
 * cache, or a registry tag), refuses one whose sha256 differs, rebuilds the structure and puts the
 * saved tensors on top.
 */
final class PeftRuns {
    private static final Logger LOG = LoggerFactory.getLogger(PeftRuns.class);
    private PeftRuns() {}

    /**
     * A parameter-efficient run being trained.
     *
     * @param applied what was added to the base
     * @param base the network's state right after the base weights were loaded
     */
    record Setup(Peft.Applied applied, StateDict base) {
        RunInfo.PeftInfo info() {
            return new RunInfo.PeftInfo(applied.method().label(), applied.rank(), applied.alpha(),
                    applied.adapterReduction(), applied.modules());
        }

        /** Writes what {@link Peft#trainedTensors} selects. */
        void save(Network net, Path file) {
            StateDict out = Peft.trainedTensors(net, base);
            out.metadata().put("graft.peft", applied.method().label());
            Safetensors.write(out, file);
        }
    }

    /** Applies the strategy's method and freezes the base; null for other strategies. */
    static Setup prepare(TrainRequest r, Pretrained.Resolved weights, Network net) {
        Method method = r.strategy().peftMethod();
        if (method == null) {
            return null;
        }
        if (weights.sha256() == null) {
            throw new WeightsException(weights.source() + ": " + method.label() + " runs name their base weights by "
                    + "sha256, and a folder of weights has none; convert it to one .safetensors file first");
        }
        StateDict base = net.stateDict();
        Peft.Applied applied = Peft.apply(net, method, r.peft(), r.train().seed());
        Peft.freeze(net, method);
        LOG.info(method.label() + ": " + Peft.describe(applied, net));
        return new Setup(applied, base);
    }

    /**
     * Loads a parameter-efficient run's network: its base (a registry tag or hub file as recorded,
     * or {@code userBase}; checked by sha256), its structure, then its saved tensors from {@code file}.
     */
    static void load(Network net, RunDir dir, RunInfo info, Path file, String userBase) {
        RunInfo.Base base = info.base();
        if (base == null || base.sha256() == null) {
            throw new RunException(dir.info() + ": a " + info.peft().method() + " run without base weights recorded; "
                    + "the run folder is damaged");
        }
        Pretrained.Resolved w = RunInputs.weights(base.source(), base.sha256(), userBase, dir.info(), "baseWeights");
        WeightLoader.load(net, w.dict(), w.source(), WeightLoader.HeadMode.REPLACE);
        RunInfo.PeftInfo p = info.peft();
        Peft.reapply(net, new Peft.Applied(Method.parse(p.method()), p.rank(), p.alpha(), p.adapterReduction(),
                p.modules()), info.seed());
        Peft.loadTrained(net, Safetensors.read(file), file.toString());
    }

    /** The base weights' source as a run records it: local files by absolute path. */
    static String recordedSource(String source) {
        return RequestCodec.absoluteIfLocal(source);
    }
}
