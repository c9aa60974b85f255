package dev.graft.model;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The registry of architectures. Adding one means one family file, one {@code register} line
 * here, and one parity fixture (see {@code docs/ARCHITECTURE.md}).
 *
 * <p>Names with a registered prefix are resolved on demand instead of listed:
 * {@code torchscript:/path/model.pt#fc} is a TorchScript module with its {@code fc} module cut
 * off and a Graft head in its place ({@link TorchScriptNetwork}); the part after {@code #} is
 * the classifier's dotted module path, such as {@code classifier.6}.
 */
public final class Architectures {
    private static final Map<String, ArchInfo> ARCHS = new LinkedHashMap<>();
    private static final Map<String, Function<String, ArchInfo>> RESOLVERS = new LinkedHashMap<>();

    static {
        resnet(ResNet.RESNET18, 224, "ResNet-18, torchvision layout (11.7M parameters)");
        resnet(ResNet.RESNET34, 224, "ResNet-34, torchvision layout (21.8M)");
        resnet(ResNet.RESNET50, 224, "ResNet-50 v1.5, torchvision layout (25.6M)");
        resnet(ResNet.RESNET101, 224, "ResNet-101 v1.5, torchvision layout (44.5M)");
        resnet(ResNet.RESNET18_SMALL, 28,
                "ResNet-18 at 1/4 width with a 3x3 stem, for images of 64 px or less (0.7M)");
        // classic CNNs
        for (Vgg.Config c : Vgg.ALL) {
            classic(c.name(), "vgg", 224, "VGG-" + c.name().substring(3, 5) + (c.batchNorm() ? " with BatchNorm" : "")
                    + ", torchvision layout; timm names load too", n -> new Vgg(c, n));
        }
        classic("googlenet", "googlenet", 224, "GoogLeNet (Inception v1), torchvision layout; aux heads in files ignored",
                GoogLeNet::new);
        classic("inception_v3", "inception", 299,
                "Inception v3, torchvision layout, input 75 px or more; aux head in files ignored", InceptionV3::new);
        // names resolved on demand
        registerResolver(TorchScriptNetwork.PREFIX, TorchScriptNetwork::archInfo);
        // modern backbones
        register(new ArchInfo("mobilenet_v2", "mobilenetv2", 224, "MobileNetV2, torchvision layout (3.5M)",
                MobileNetV2::new));
        register(new ArchInfo("mobilenet_v3_large", "mobilenetv3", 224, "MobileNetV3-Large, torchvision layout (5.5M)",
                n -> new MobileNetV3(MobileNetV3.LARGE, n)));
        register(new ArchInfo("mobilenet_v3_small", "mobilenetv3", 224, "MobileNetV3-Small, torchvision layout (2.5M)",
                n -> new MobileNetV3(MobileNetV3.SMALL, n)));
        efficientNet(EfficientNet.B0, 224, "EfficientNet-B0, torchvision layout (5.3M)");
        efficientNet(EfficientNet.B1, 240, "EfficientNet-B1, torchvision layout (7.8M)");
        efficientNet(EfficientNet.B2, 288, "EfficientNet-B2, torchvision layout (9.1M)");
        efficientNet(EfficientNet.B3, 300, "EfficientNet-B3, torchvision layout (12.2M)");
        register(new ArchInfo("convnext_tiny", "convnext", 224, "ConvNeXt-Tiny, torchvision layout (28.6M)",
                ConvNeXt::new));
        vit(VisionTransformer.B16, "ViT-B/16, torchvision layout (86.6M)");
        vit(VisionTransformer.S16, "ViT-S/16 (timm's vit_small_patch16_224) in torchvision layout (22.1M)");
        vit(VisionTransformer.TI16, "ViT-Ti/16 (timm's vit_tiny_patch16_224) in torchvision layout (5.7M)");
    }

    private static void vit(VisionTransformer.Config c, String description) {
        register(new ArchInfo(c.name(), "vit", c.imageSize(), description, n -> new VisionTransformer(c, n)));
    }

    private static void efficientNet(EfficientNet.Config c, int size, String description) {
        register(new ArchInfo(c.name(), "efficientnet", size, description, n -> new EfficientNet(c, n)));
    }

    private Architectures() {}

    private static void resnet(ResNet.Config c, int size, String description) {
        register(new ArchInfo(c.name(), "resnet", size, description, n -> new ResNet(c, n)));
    }

    /** Registers an architecture whose description ends with its parameter count, counted here. */
    private static void classic(String name, String family, int size, String description, IntFunction<Network> f) {
        long params = f.apply(1000).countParams();
        register(new ArchInfo(name, family, size,
                String.format(Locale.ROOT, "%s (%.1fM)", description, params / 1e6), f));
    }

    public static synchronized void register(ArchInfo info) {
        ARCHS.put(info.name(), info);
    }

    /**
     * Resolves every architecture name starting with {@code prefix} (such as {@code torchscript:})
     * through {@code resolver}, which checks the rest of the name and returns the entry.
     */
    public static synchronized void registerResolver(String prefix, Function<String, ArchInfo> resolver) {
        RESOLVERS.put(prefix, resolver);
    }

    /** The architecture with this name, or an error listing the known ones. */
    public static synchronized ArchInfo get(String name) {
        ArchInfo info = ARCHS.get(name);
        for (var r : RESOLVERS.entrySet()) {
            if (info == null && name.startsWith(r.getKey())) {
                info = r.getValue().apply(name);
            }
        }
        if (info == null) {
            throw new IllegalArgumentException("unknown architecture '" + name + "'; known: "
                    + String.join(", ", ARCHS.keySet()) + ", or " + String.join(", ", RESOLVERS.keySet())
                    + "… (graft models lists them)");
        }
        return info;
    }

    /**
     * A registered architecture only, never one a resolver builds: for names read from files
     * (run folders, saved pipelines), which must not make Graft load a program such as a
     * TorchScript module. {@code what} names the file in the error.
     */
    public static synchronized ArchInfo registered(String name, String what) {
        ArchInfo info = name == null ? null : ARCHS.get(name);
        if (info != null) {
            return info;
        }
        boolean resolved = name != null && RESOLVERS.keySet().stream().anyMatch(name::startsWith);
        throw new IllegalArgumentException(what + ": " + (resolved
                ? "names the architecture '" + name + "', which loads and runs a program; Graft never runs code a file "
                        + "names (give the program with `torchscript` FILE to trust it)"
                : "names the unknown architecture '" + name + "'; known: " + String.join(", ", ARCHS.keySet())));
    }

    /** Whether {@code name} is one a resolver builds (such as {@code torchscript:…}), not a registered one. */
    public static synchronized boolean isResolved(String name) {
        return name != null && !ARCHS.containsKey(name) && RESOLVERS.keySet().stream().anyMatch(name::startsWith);
    }

    public static Collection<ArchInfo> all() {
        return Collections.unmodifiableCollection(ARCHS.values());
    }
}
