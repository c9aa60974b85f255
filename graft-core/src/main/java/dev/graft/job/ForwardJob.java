package dev.graft.job;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.engine.Engines;
import dev.graft.model.Architectures;
import dev.graft.model.LoadReport;
import dev.graft.model.Network;
import dev.graft.model.Pretrained;
import dev.graft.model.WeightLoader;
import dev.graft.nn.Ctx;
import dev.graft.weights.HostTensor;
import dev.graft.weights.Safetensors;
import dev.graft.weights.StateDict;
import dev.graft.weights.WeightsException;
import java.nio.file.Path;

/**
 * {@code graft forward}: the raw output of a network on a tensor file, in inference mode, so
 * users (and Graft's parity tests) can compare it with PyTorch's.
 */
public final class ForwardJob {
    private ForwardJob() {}

    /**
     * @param logits the network's output, [N, classes]
     * @param features the input of the final Linear layer, [N, featureDim]
     * @param load what loading the weights did
     */
    public record Result(HostTensor logits, HostTensor features, String load) {}

    public static Result run(String arch, String weights, Path input, Path output, int threads) {
        Engines.start(threads);
        Architectures.get(arch);
        StateDict in = Safetensors.read(input);
        HostTensor x = in.get("input");
        if (x == null) {
            throw new WeightsException(input + ": has no tensor named 'input'; write the float32 [N,3,H,W] batch "
                    + "under that name");
        }
        if (x.shape().length != 4 || x.shape()[1] != 3) {
            throw new WeightsException(input + ": 'input' has shape " + x.shapeString() + "; need [N,3,H,W]");
        }
        Pretrained.Resolved w = Pretrained.resolve(weights);
        Network probe = Architectures.get(arch).create(1);
        int classes;
        try {
            classes = headClasses(w.dict(), probe);
        } finally {
            close(probe);
        }
        Network net = Architectures.get(arch).create(classes);
        try (NDManager manager = Engines.newManager()) {
            net.materialize(manager, 0);
            LoadReport rep = WeightLoader.load(net, w.dict(), w.source(), true);
            NDArray xa = manager.create(x.data(), new Shape(x.shape()));
            NDArray feats = net.features(xa, Ctx.EVAL);
            NDArray logits = net.head().forward(feats, Ctx.EVAL);
            Result r = new Result(new HostTensor(logits.getShape().getShape(), logits.toFloatArray()),
                    new HostTensor(feats.getShape().getShape(), feats.toFloatArray()), rep.describe());
            if (output != null) {
                StateDict out = new StateDict();
                out.put("logits", r.logits());
                out.put("features", r.features());
                out.metadata().put("arch", arch);
                out.metadata().put("weights", w.source());
                Safetensors.write(out, output);
            }
            return r;
        } finally {
            close(net);
        }
    }

    /** Releases what a network holds outside NDManagers (a TorchScript module's native handle). */
    private static void close(Network n) {
        if (n instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot release " + n.arch(), e);
            }
        }
    }

    /** The class count of the file's head, so the network is built to match it exactly. */
    static int headClasses(StateDict dict, Network probe) {
        String prefix = probe.headPath() + ".";
        int classes = -1;
        for (var e : dict.tensors().entrySet()) {
            String name = probe.canonicalName(e.getKey());
            if (name.startsWith(prefix) && name.endsWith("weight") && e.getValue().shape().length == 2) {
                classes = (int) e.getValue().shape()[0];
            }
        }
        if (classes < 0) {
            throw new WeightsException("the weights have no '" + probe.headPath() + "' classifier; forward needs "
                    + "a full network's state dict");
        }
        return classes;
    }
}
