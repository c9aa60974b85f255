package dev.graft.model;

import ai.djl.ndarray.NDArray;
import dev.graft.nn.Ctx;
import dev.graft.nn.Module;
import dev.graft.weights.HostTensor;
import dev.graft.weights.StateDict;
import java.util.List;

/**
 * A classification network split where transfer learning cuts it: {@link #features} computes the
 * input of the final Linear layer, and the head at {@link #headPath} maps it to class scores.
 * Everything below the head is grouped into {@link #stages}, from the stem to the top, which
 * drive partial freezing, gradual unfreezing and layer-wise learning rates.
 */
public abstract class Network extends Module {
    private final String arch;
    private final String headPath;
    private final int featureDim;
    /** Names other libraries (timm) give this network's tensors; families fill it as they build. */
    private final AliasNames timmNames = new AliasNames();

    /**
     * What every family states once, as timm's pretrained config names the classifier.
     *
     * @param arch the registry name, such as {@code resnet50}
     * @param headPath the dotted path of the classifier transfer learning replaces, such as {@code fc}
     * @param featureDim the width of {@link #features}, the head's input
     */
    protected Network(String arch, String headPath, int featureDim) {
        this.arch = arch;
        this.headPath = headPath;
        this.featureDim = featureDim;
    }

    /** The registry name of this architecture, such as {@code resnet50}. */
    public final String arch() {
        return arch;
    }

    /** The input of the final Linear layer, shape [N, featureDim]. */
    public abstract NDArray features(NDArray x, Ctx ctx);

    /** Dotted path of the classifier that transfer learning replaces, such as {@code fc}. */
    public final String headPath() {
        return headPath;
    }

    /** Width of {@link #features}. */
    public final int featureDim() {
        return featureDim;
    }

    /** Stages from the stem (index 0) to the top, each a list of module-path prefixes. */
    public abstract List<Stage> stages();

    /**
     * The name this network uses for a tensor name found in a file. Architectures whose weights
     * also circulate under other names (timm's, Keras's) map them here; the default looks the name up
     * in the family's {@link #timmNames} and otherwise keeps it.
     * Null means the tensor belongs to a part this network never builds (such as GoogLeNet's
     * auxiliary classifiers): the loader skips it and reports it as ignored.
     */
    public String canonicalName(String fileName) {
        return timmNames.canonical(fileName);
    }

    /** The table {@link #canonicalName} reads, for a family to fill while it builds itself. */
    final AliasNames timmNames() {
        return timmNames;
    }

    /**
     * The tensor as this network stores it, for a tensor found in a file under {@code fileName}.
     * Layouts that differ only by shape (timm's VGG keeps the first classifier layers as 7×7 and
     * 1×1 convolutions) are reshaped here; the default keeps the tensor as it is.
     */
    public HostTensor canonicalTensor(String fileName, HostTensor tensor) {
        return tensor;
    }

    /**
     * A file's tensors under this network's names and in its shapes. The default renames each
     * through {@link #canonicalName}; layouts that also store a tensor differently (timm's ConvNeXt
     * keeps layer scale as [C] where torchvision has [C, 1, 1]) override this to convert it.
     */
    public StateDict adaptStateDict(StateDict file) {
        StateDict out = new StateDict();
        file.tensors().forEach((name, t) -> {
            String mine = canonicalName(name);
            if (mine != null) { // null: a tensor this network does not use (such as an aux head)
                out.put(mine, canonicalTensor(name, t));
            }
        });
        out.metadata().putAll(file.metadata());
        return out;
    }

    /**
     * Sets the stochastic-depth rate: in training passes residual branches are dropped with a
     * probability that rises linearly with depth up to this rate (each architecture keeps its
     * reference rule); 0 turns it off. Returns false, changing nothing, for architectures without it.
     */
    public boolean setStochasticDepth(float rate) {
        return false;
    }

    @Override
    public NDArray forward(NDArray x, Ctx ctx) {
        return head().forward(features(x, ctx), ctx);
    }

    public Module head() {
        return find(headPath());
    }

    /** Puts a new classifier in place of the old one. */
    public void replaceHead(Module head) {
        replace(headPath(), head);
    }

    /** Number of classes the current head outputs. */
    public int numClasses() {
        var p = head().namedParams();
        long[] last = null;
        for (var e : p.entrySet()) {
            if (e.getKey().endsWith("weight") && e.getValue().shape().length == 2) {
                last = e.getValue().shape();
            }
        }
        if (last == null) {
            throw new IllegalStateException(arch() + ": head has no Linear weight");
        }
        return (int) last[0];
    }

    /** Whether a full parameter name belongs to the head. */
    public boolean isHeadParam(String name) {
        return name.startsWith(headPath() + ".");
    }

    /** A group of module-path prefixes trained, frozen and scheduled together. */
    public record Stage(String name, List<String> prefixes) {
        public boolean contains(String paramName) {
            for (String p : prefixes) {
                if (paramName.equals(p) || paramName.startsWith(p + ".")) {
                    return true;
                }
            }
            return false;
        }
    }
}
