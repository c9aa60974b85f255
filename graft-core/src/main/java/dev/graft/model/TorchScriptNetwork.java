package dev.graft.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import dev.graft.engine.Engines;
import dev.graft.nn.BnPolicy;
import dev.graft.nn.Ctx;
import dev.graft.nn.Module;
import dev.graft.nn.Param;
import dev.graft.weights.WeightsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A TorchScript module ({@code torch.jit.save}) as a trainable backbone: the named classifier
 * module is cut off (see {@link TorchScriptCut}), the rest computes {@link #features}, and a
 * Graft head sits at the classifier's path, so heads, freezing, stages and recipes work as for
 * the built-in architectures. Select it with the architecture name
 * {@code torchscript:/path/to/model.pt#fc}: file, then the classifier's dotted module path.
 *
 * <p>The backbone's parameters appear under their torch names ({@code features.0.weight}) and
 * freeze by name prefix. Its stages are its top-level modules in parameter order.
 *
 * <p>BatchNorm caveat: a TorchScript module switches between training and evaluation as a whole,
 * and its running statistics are not visible to Graft (DJL exposes parameters only), so they
 * are neither saved with a run nor frozen per layer. Graft therefore runs the module in training
 * mode only when the pass trains, the policy is {@link BnPolicy#TRAIN}, and some backbone
 * parameter trains; otherwise in evaluation mode, with gradients still flowing to trainable
 * backbone parameters. A fully frozen backbone runs without autograd and its output is copied
 * into an ordinary tensor for the head. Under {@code FREEZE_ALL} the BatchNorm scale and shift
 * are not told apart from other parameters: freeze them by name if needed. A traced module
 * ({@code torch.jit.trace}) has the mode it was traced in baked into its BatchNorm and dropout
 * calls and ignores the switch.
 *
 * <p>Close it to free the native module; {@code Network}s built from registry names need not be.
 */
public final class TorchScriptNetwork extends Network implements AutoCloseable {
    /** Architecture-name prefix that selects a TorchScript backbone. */
    public static final String PREFIX = "torchscript:";

    private final String classifier;
    private final Model model;
    private final PtSymbolBlock block;
    private final Map<String, Param> backbone = new LinkedHashMap<>();
    private final List<Stage> stages;
    private Boolean moduleTraining;

    private TorchScriptNetwork(String arch, String classifier, Model model, int numClasses) {
        super(arch, classifier, headInput(arch, classifier, (PtSymbolBlock) model.getBlock()));
        this.classifier = classifier;
        this.model = model;
        this.block = (PtSymbolBlock) model.getBlock();
        Set<String> tops = new LinkedHashSet<>();
        for (Pair<String, Parameter> e : block.getParameters()) {
            String name = e.getKey();
            NDArray a = e.getValue().getArray();
            if (name.equals(classifier) || name.startsWith(classifier + ".")) {
                continue;
            }
            Param p = param(name, kind(name, a), a.getShape().getShape());
            p.setArray(a);
            backbone.put(name, p);
            tops.add(name.contains(".") ? name.substring(0, name.indexOf('.')) : name);
        }
        List<Stage> st = new ArrayList<>();
        tops.forEach(t -> st.add(new Stage(t, List.of(t))));
        this.stages = List.copyOf(st);
        attachHead(new ClassifierHead(featureDim(), numClasses, HeadSpec.LINEAR));
    }

    /** The input width of the classifier: the second dimension of its first Linear weight. */
    private static int headInput(String arch, String classifier, PtSymbolBlock block) {
        for (Pair<String, Parameter> e : block.getParameters()) {
            String name = e.getKey();
            NDArray a = e.getValue().getArray();
            if ((name.equals(classifier) || name.startsWith(classifier + ".")) && name.endsWith("weight")
                    && a.getShape().dimension() == 2) {
                return Math.toIntExact(a.getShape().get(1));
            }
        }
        throw new WeightsException(arch + ": '" + classifier + "' has no Linear weight; give the final Linear "
                + "module (or a Sequential ending in one), e.g. #fc");
    }

    private static Param.Kind kind(String name, NDArray a) {
        if (name.endsWith("bias")) {
            return Param.Kind.BIAS;
        }
        return a.getShape().dimension() == 1 ? Param.Kind.NORM_WEIGHT : Param.Kind.WEIGHT;
    }

    /** Registers the head under the classifier's dotted path, with empty modules for its parents. */
    private void attachHead(Module head) {
        String[] parts = classifier.split("\\.");
        Module parent = this;
        for (int i = 0; i < parts.length - 1; i++) {
            Module existing = parent.children().get(parts[i]);
            parent = existing != null ? existing : add(parent, parts[i], new Scope());
        }
        add(parent, parts[parts.length - 1], head);
    }

    private static Module add(Module parent, String name, Module m) {
        if (parent instanceof TorchScriptNetwork t) {
            return t.child(name, m);
        }
        return ((Scope) parent).add(name, m);
    }

    /** A module that only groups children, so a head can sit at a dotted path such as {@code classifier.6}. */
    static final class Scope extends Module {
        Module add(String name, Module m) {
            return child(name, m);
        }

        @Override
        public NDArray forward(NDArray x, Ctx ctx) {
            throw new UnsupportedOperationException("a path scope does not compute");
        }
    }

    /**
     * The registry entry for {@code torchscript:FILE#CLASSIFIER}. The file is checked here; it is
     * loaded each time the entry creates a network.
     */
    public static ArchInfo archInfo(String arch) {
        String spec = arch.substring(PREFIX.length());
        int hash = spec.lastIndexOf('#');
        if (hash <= 0 || hash == spec.length() - 1) {
            throw new IllegalArgumentException("'" + arch + "': give the TorchScript file and the classifier module "
                    + "to cut off, as torchscript:/path/model.pt#fc");
        }
        Path file = Path.of(spec.substring(0, hash));
        String classifier = spec.substring(hash + 1);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such TorchScript file (from `model` " + arch + ")");
        }
        return new ArchInfo(arch, "torchscript", 224,
                "TorchScript module " + file.getFileName() + " with '" + classifier + "' cut off",
                n -> load(arch, file, classifier, n));
    }

    /** Loads {@code file}, cuts {@code classifier} off, and attaches a head for {@code numClasses}. */
    public static TorchScriptNetwork load(Path file, String classifier, int numClasses) {
        return load(PREFIX + file + "#" + classifier, file, classifier, numClasses);
    }

    private static TorchScriptNetwork load(String arch, Path file, String classifier, int numClasses) {
        Engines.start();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("graft-torchscript");
            TorchScriptCut.cut(file, classifier, dir);
            Model model = Model.newInstance(file.getFileName().toString(), Device.cpu(), "PyTorch");
            try {
                model.load(dir, "model", Map.of("trainParam", "true"));
                return new TorchScriptNetwork(arch, classifier, model, numClasses);
            } catch (RuntimeException | MalformedModelException e) {
                model.close();
                throw e;
            }
        } catch (IOException | MalformedModelException e) {
            throw new WeightsException(file + ": cannot load as TorchScript (" + e.getMessage() + ")", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve("model.pt"));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
        }
    }

    @Override
    public NDArray features(NDArray x, Ctx ctx) {
        boolean backboneTrains = backbone.values().stream().anyMatch(Param::trainable);
        boolean grad = ctx.training() && backboneTrains;
        setModuleTraining(grad && ctx.bnPolicy() == BnPolicy.TRAIN);
        NDList out = IValueUtils.forward(block, new NDList(x), grad);
        if (out.size() != 1) {
            throw new IllegalStateException(arch() + ": the cut module returned " + out.size() + " tensors, not one");
        }
        NDArray f = out.get(0);
        if (!grad) {
            // computed without autograd (an inference tensor): copy it so a training head may use it
            NDArray copy = f.duplicate();
            f.close();
            f = copy;
        }
        if (f.getShape().dimension() != 2) {
            f = f.reshape(f.getShape().get(0), -1);
        }
        if (f.getShape().get(1) != featureDim()) {
            throw new IllegalStateException(arch() + ": the cut module returned " + f.getShape() + " but '" + classifier
                    + "' takes " + featureDim() + " features; is it really the last module?");
        }
        return f;
    }

    private void setModuleTraining(boolean training) {
        if (moduleTraining == null || moduleTraining != training) {
            if (training) {
                JniUtils.enableTrainingMode(block);
            } else {
                JniUtils.enableInferenceMode(block);
            }
            moduleTraining = training;
        }
    }

    @Override
    public List<Stage> stages() {
        return stages;
    }

    @Override
    public void close() {
        model.close();
    }
}
