package dev.graft.model;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registry of architectures. Adding one means one family file, one {@code register} line
 * here, and one parity fixture (see {@code docs/ARCHITECTURE.md}).
 */
public final class Architectures {
    private static final Map<String, ArchInfo> ARCHS = new LinkedHashMap<>();

    static {
        resnet(ResNet.RESNET18, 224, "ResNet-18, torchvision layout (11.7M parameters)");
        resnet(ResNet.RESNET34, 224, "ResNet-34, torchvision layout (21.8M)");
        resnet(ResNet.RESNET50, 224, "ResNet-50 v1.5, torchvision layout (25.6M)");
        resnet(ResNet.RESNET101, 224, "ResNet-101 v1.5, torchvision layout (44.5M)");
        resnet(ResNet.RESNET18_SMALL, 28,
                "ResNet-18 at 1/4 width with a 3x3 stem, for images of 64 px or less (0.7M)");
        // modern backbones
        register(new ArchInfo("mobilenet_v2", "mobilenetv2", 224, "MobileNetV2, torchvision layout (3.5M)",
                MobileNetV2::new));
        register(new ArchInfo("mobilenet_v3_large", "mobilenetv3", 224, "MobileNetV3-Large, torchvision layout (5.5M)",
                n -> new MobileNetV3(MobileNetV3.LARGE, n)));
        register(new ArchInfo("mobilenet_v3_small", "mobilenetv3", 224, "MobileNetV3-Small, torchvision layout (2.5M)",
                n -> new MobileNetV3(MobileNetV3.SMALL, n)));
    }

    private Architectures() {}

    private static void resnet(ResNet.Config c, int size, String description) {
        register(new ArchInfo(c.name(), "resnet", size, description, n -> new ResNet(c, n)));
    }

    public static synchronized void register(ArchInfo info) {
        ARCHS.put(info.name(), info);
    }

    /** The architecture with this name, or an error listing the known ones. */
    public static ArchInfo get(String name) {
        ArchInfo info = ARCHS.get(name);
        if (info == null) {
            throw new IllegalArgumentException("unknown architecture '" + name + "'; known: "
                    + String.join(", ", ARCHS.keySet()) + " (graft models lists them)");
        }
        return info;
    }

    public static Collection<ArchInfo> all() {
        return Collections.unmodifiableCollection(ARCHS.values());
    }
}
