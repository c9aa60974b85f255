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
