package dev.graft.model;

import dev.graft.data.Preprocess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The public ImageNet-1k weights of the registered architectures, as data: torchvision's
 * {@code *_Weights} enums (torchvision 0.14's {@code torchvision/models/*.py}: URL, inference
 * transforms, categories) and a few timm checkpoints on the Hugging Face hub whose names match
 * torchvision's.
 *
 * <p>Tags follow timm's convention: {@code arch.tv_in1k} is torchvision's {@code IMAGENET1K_V1},
 * {@code arch.tv2_in1k} its {@code IMAGENET1K_V2} (newer recipe), {@code vit_b_16.swag_lc_in1k}
 * its {@code IMAGENET1K_SWAG_LINEAR_V1}. The checksum of torchvision entries is the sha256
 * prefix in the file name. Preprocessing is torchvision's {@code ImageClassification(crop_size,
 * resize_size, interpolation)}: resize the shorter side to {@code resize}, centre-crop
 * {@code size}, ImageNet mean and std. Accuracies quoted in descriptions are the publishers'
 * figures, not measured by Graft.
 */
public final class ImageNetSpecs {
    /** The 1000 ImageNet-1k class names in class-index order, one per line (torchvision's {@code _IMAGENET_CATEGORIES}). */
    public static final String LABELS_RESOURCE = "/dev/graft/pretrained/imagenet_classes.txt";
    private static final String TORCHVISION_URL = "https://download.pytorch.org/models/";
    private static final String BILINEAR = "bilinear";
    private static final String BICUBIC = "bicubic";
    private static final float[] HALF = {0.5f, 0.5f, 0.5f};

    private ImageNetSpecs() {}

    /** Registers every entry with {@link PretrainedSpecs}. */
    static void registerAll() {
        for (PretrainedSpec s : all()) {
            PretrainedSpecs.register(s);
        }
    }

    static List<PretrainedSpec> all() {
        List<String> labels = labels();
        List<PretrainedSpec> out = new ArrayList<>();
        Tv tv = (arch, tag, file, sha, size, resize, interp, stem, head, weights, top1) ->
                out.add(new PretrainedSpec(arch + "." + tag, arch, TORCHVISION_URL + file, sha, 1000, labels,
                        new Preprocess(size, resize, Preprocess.IMAGENET_MEAN, Preprocess.IMAGENET_STD), interp,
                        stem, head, describe(weights, top1)));
        resNets(tv);
        vgg(tv);
        inception(out, labels);
        modern(tv);
        timmResNets(out, labels);
        return out;
    }

    private static void resNets(Tv tv) {
        tv.add("resnet18", "tv_in1k", "resnet18-f37072fd.pth", "f37072fd", 224, 256, BILINEAR, "conv1", "fc",
                "ResNet18_Weights.IMAGENET1K_V1", 69.758);
        tv.add("resnet34", "tv_in1k", "resnet34-b627a593.pth", "b627a593", 224, 256, BILINEAR, "conv1", "fc",
                "ResNet34_Weights.IMAGENET1K_V1", 73.314);
        tv.add("resnet50", "tv_in1k", "resnet50-0676ba61.pth", "0676ba61", 224, 256, BILINEAR, "conv1", "fc",
                "ResNet50_Weights.IMAGENET1K_V1", 76.13);
        tv.add("resnet50", "tv2_in1k", "resnet50-11ad3fa6.pth", "11ad3fa6", 224, 232, BILINEAR, "conv1", "fc",
                "ResNet50_Weights.IMAGENET1K_V2", 80.858);
        tv.add("resnet101", "tv_in1k", "resnet101-63fe2227.pth", "63fe2227", 224, 256, BILINEAR, "conv1", "fc",
                "ResNet101_Weights.IMAGENET1K_V1", 77.374);
        tv.add("resnet101", "tv2_in1k", "resnet101-cd907fc2.pth", "cd907fc2", 224, 232, BILINEAR, "conv1", "fc",
                "ResNet101_Weights.IMAGENET1K_V2", 81.886);
    }

    private static void vgg(Tv tv) {
        String[][] rows = {
            {"vgg11", "vgg11-8a719046.pth", "8a719046", "VGG11", "69.02"},
            {"vgg11_bn", "vgg11_bn-6002323d.pth", "6002323d", "VGG11_BN", "70.37"},
            {"vgg13", "vgg13-19584684.pth", "19584684", "VGG13", "69.928"},
            {"vgg13_bn", "vgg13_bn-abd245e5.pth", "abd245e5", "VGG13_BN", "71.586"},
            {"vgg16", "vgg16-397923af.pth", "397923af", "VGG16", "71.592"},
            {"vgg16_bn", "vgg16_bn-6c64b313.pth", "6c64b313", "VGG16_BN", "73.36"},
            {"vgg19", "vgg19-dcbb9e9d.pth", "dcbb9e9d", "VGG19", "72.376"},
            {"vgg19_bn", "vgg19_bn-c79401a0.pth", "c79401a0", "VGG19_BN", "74.218"},
        };
        for (String[] r : rows) {
            tv.add(r[0], "tv_in1k", r[1], r[2], 224, 256, BILINEAR, "features.0", "classifier.6",
                    r[3] + "_Weights.IMAGENET1K_V1", Double.parseDouble(r[4]));
        }
    }

    /** The architectures of the modern-backbones family (MobileNet, EfficientNet, ConvNeXt, ViT). */
    private static void modern(Tv tv) {
        tv.add("mobilenet_v2", "tv_in1k", "mobilenet_v2-b0353104.pth", "b0353104", 224, 256, BILINEAR,
                "features.0", "classifier.1", "MobileNet_V2_Weights.IMAGENET1K_V1", 71.878);
        tv.add("mobilenet_v2", "tv2_in1k", "mobilenet_v2-7ebf99e0.pth", "7ebf99e0", 224, 232, BILINEAR,
                "features.0", "classifier.1", "MobileNet_V2_Weights.IMAGENET1K_V2", 72.154);
        tv.add("mobilenet_v3_large", "tv_in1k", "mobilenet_v3_large-8738ca79.pth", "8738ca79", 224, 256, BILINEAR,
                "features.0", "classifier.3", "MobileNet_V3_Large_Weights.IMAGENET1K_V1", 74.042);
        tv.add("mobilenet_v3_large", "tv2_in1k", "mobilenet_v3_large-5c1a4163.pth", "5c1a4163", 224, 232, BILINEAR,
                "features.0", "classifier.3", "MobileNet_V3_Large_Weights.IMAGENET1K_V2", 75.274);
        tv.add("mobilenet_v3_small", "tv_in1k", "mobilenet_v3_small-047dcff4.pth", "047dcff4", 224, 256, BILINEAR,
                "features.0", "classifier.3", "MobileNet_V3_Small_Weights.IMAGENET1K_V1", 67.668);
        tv.add("efficientnet_b0", "tv_in1k", "efficientnet_b0_rwightman-3dd342df.pth", "3dd342df", 224, 256, BICUBIC,
                "features.0", "classifier.1", "EfficientNet_B0_Weights.IMAGENET1K_V1", 77.692);
        tv.add("efficientnet_b1", "tv_in1k", "efficientnet_b1_rwightman-533bc792.pth", "533bc792", 240, 256, BICUBIC,
                "features.0", "classifier.1", "EfficientNet_B1_Weights.IMAGENET1K_V1", 78.642);
        tv.add("efficientnet_b1", "tv2_in1k", "efficientnet_b1-c27df63c.pth", "c27df63c", 240, 255, BILINEAR,
                "features.0", "classifier.1", "EfficientNet_B1_Weights.IMAGENET1K_V2", 79.838);
        tv.add("efficientnet_b2", "tv_in1k", "efficientnet_b2_rwightman-bcdf34b7.pth", "bcdf34b7", 288, 288, BICUBIC,
                "features.0", "classifier.1", "EfficientNet_B2_Weights.IMAGENET1K_V1", 80.608);
        tv.add("efficientnet_b3", "tv_in1k", "efficientnet_b3_rwightman-cf984f9c.pth", "cf984f9c", 300, 320, BICUBIC,
                "features.0", "classifier.1", "EfficientNet_B3_Weights.IMAGENET1K_V1", 82.008);
        tv.add("convnext_tiny", "tv_in1k", "convnext_tiny-983f1562.pth", "983f1562", 224, 236, BILINEAR,
                "features.0", "classifier.2", "ConvNeXt_Tiny_Weights.IMAGENET1K_V1", 82.52);
        tv.add("vit_b_16", "tv_in1k", "vit_b_16-c867db91.pth", "c867db91", 224, 256, BILINEAR,
                "conv_proj", "heads.head", "ViT_B_16_Weights.IMAGENET1K_V1", 81.072);
        tv.add("vit_b_16", "swag_lc_in1k", "vit_b_16_lc_swag-4e70ced5.pth", "4e70ced5", 224, 224, BICUBIC,
                "conv_proj", "heads.head", "ViT_B_16_Weights.IMAGENET1K_SWAG_LINEAR_V1 (SWAG weakly supervised "
                        + "backbone, frozen, with a linear ImageNet-1k classifier)", 81.886);
    }

    /**
     * GoogLeNet and Inception v3: torchvision builds them for these weights with
     * {@code transform_input=True}, which maps ImageNet-normalised input to {@code (x - 0.5) / 0.5}.
     * The registered networks leave that off, so the spec normalises with mean = std = 0.5
     * directly: the same input reaches the first convolution.
     */
    private static void inception(List<PretrainedSpec> out, List<String> labels) {
        String note = "; torchvision runs it with transform_input=True, stated here as mean = std = 0.5";
        out.add(new PretrainedSpec("googlenet.tv_in1k", "googlenet", TORCHVISION_URL + "googlenet-1378be20.pth",
                "1378be20", 1000, labels, new Preprocess(224, 256, HALF, HALF), BILINEAR, "conv1", "fc",
                describe("GoogLeNet_Weights.IMAGENET1K_V1 (ported from TensorFlow)", 69.778) + note));
        out.add(new PretrainedSpec("inception_v3.tv_in1k", "inception_v3",
                TORCHVISION_URL + "inception_v3_google-0cc3c7bd.pth", "0cc3c7bd", 1000, labels,
                new Preprocess(299, 342, HALF, HALF), BILINEAR, "Conv2d_1a_3x3", "fc",
                describe("Inception_V3_Weights.IMAGENET1K_V1 (ported from TensorFlow)", 77.294) + note));
    }

    /**
     * timm's ResNet Strikes Back A1 weights (arXiv:2110.00476), whose names are torchvision's.
     * timm's {@code _rcfg}: 224 px, crop_pct 0.95 (resize {@code floor(224 / 0.95)} = 235), bicubic.
     * The hub publishes no checksum with the tag, so none is recorded.
     */
    private static void timmResNets(List<PretrainedSpec> out, List<String> labels) {
        for (String arch : List.of("resnet18", "resnet34", "resnet50", "resnet101")) {
            String tag = arch + ".a1_in1k";
            out.add(new PretrainedSpec(tag, arch, "hf://timm/" + tag, null, 1000, labels,
                    new Preprocess(224, 235, Preprocess.IMAGENET_MEAN, Preprocess.IMAGENET_STD), BICUBIC, "conv1",
                    "fc", "timm " + tag + ": ImageNet-1k, ResNet Strikes Back A1 recipe (timm's pretrained_cfg)"));
        }
    }

    private static String describe(String weights, double top1) {
        return "torchvision " + weights + ": ImageNet-1k, top-1 " + top1 + "% as torchvision reports it";
    }

    /** The ImageNet-1k class names in class-index order, read from {@link #LABELS_RESOURCE}. */
    public static List<String> labels() {
        try (InputStream in = ImageNetSpecs.class.getResourceAsStream(LABELS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(LABELS_RESOURCE + " is missing from this build; rebuild Graft");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> out = new ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.add(line);
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + LABELS_RESOURCE, e);
        }
    }

    /** One torchvision row. */
    @FunctionalInterface
    private interface Tv {
        void add(String arch, String tag, String file, String sha, int size, int resize, String interpolation,
                String stem, String head, String weights, double top1);
    }
}
