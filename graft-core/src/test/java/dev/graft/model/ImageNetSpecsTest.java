package dev.graft.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.data.Preprocess;
import dev.graft.testing.Fixtures;
import dev.graft.weights.StateDict;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The ImageNet weight specs are consistent data: with their URLs, the fixtures, and the registry. */
class ImageNetSpecsTest {
    private static final Pattern TV_FILE = Pattern.compile("^https://download\\.pytorch\\.org/models/[\\w.-]+-([0-9a-f]{8})\\.pth$");

    @Test
    void labelsAreTheThousandImageNetClassesInIndexOrder() {
        List<String> labels = ImageNetSpecs.labels();
        assertEquals(1000, labels.size());
        assertEquals("tench", labels.get(0));
        assertEquals("goldfish", labels.get(1));
        assertEquals("toilet tissue", labels.get(999));
        assertTrue(labels.stream().allMatch(l -> !l.isBlank() && l.equals(l.strip())));
    }

    @Test
    void everyArchitectureOfTheIssueHasTorchvisionWeights() {
        Set<String> archs = new HashSet<>();
        ImageNetSpecs.all().forEach(s -> archs.add(s.arch()));
        for (String a : List.of("resnet18", "resnet34", "resnet50", "resnet101", "vgg11", "vgg11_bn", "vgg13",
                "vgg13_bn", "vgg16", "vgg16_bn", "vgg19", "vgg19_bn", "googlenet", "inception_v3", "mobilenet_v2",
                "mobilenet_v3_large", "mobilenet_v3_small", "efficientnet_b0", "efficientnet_b1", "efficientnet_b2",
                "efficientnet_b3", "convnext_tiny", "vit_b_16")) {
            assertTrue(archs.contains(a), a + " has no ImageNet spec");
            assertTrue(PretrainedSpecs.find(a + ".tv_in1k").isPresent(), a + ".tv_in1k is not registered");
        }
        assertTrue(PretrainedSpecs.find("resnet50.tv2_in1k").isPresent());
        assertTrue(PretrainedSpecs.find("resnet50.a1_in1k").isPresent());
    }

    @Test
    void sourcesChecksumsAndPreprocessingAreSane() {
        Set<String> tags = new HashSet<>();
        for (PretrainedSpec s : ImageNetSpecs.all()) {
            assertTrue(tags.add(s.tag()), "duplicate tag " + s.tag());
            assertTrue(s.tag().startsWith(s.arch() + "."), s.tag());
            assertEquals(1000, s.numClasses(), s.tag());
            assertEquals(ImageNetSpecs.labels(), s.labels(), s.tag());
            Matcher tv = TV_FILE.matcher(s.source());
            if (tv.matches()) {
                assertEquals(tv.group(1), s.sha256(), s.tag() + ": checksum prefix differs from the file name");
                assertTrue(s.sha256IsPrefix());
            } else {
                assertEquals("hf://timm/" + s.tag(), s.source(), s.tag() + ": unexpected source");
            }
            Preprocess p = s.preprocess();
            assertTrue(p.size() >= 224 && p.size() <= 300, s.tag() + " size " + p.size());
            double crop = (double) p.size() / p.resize();
            assertTrue(crop >= 0.85 && crop <= 1.0, s.tag() + " crop fraction " + crop);
            for (int c = 0; c < 3; c++) {
                assertTrue(p.mean()[c] > 0.3 && p.mean()[c] <= 0.5, s.tag() + " mean");
                assertTrue(p.std()[c] > 0.2 && p.std()[c] <= 0.5, s.tag() + " std");
            }
            assertTrue(List.of("bilinear", "bicubic").contains(s.interpolation()), s.tag());
        }
    }

    /** Head and stem names agree with torchvision's modules (the fixtures) and with the registry. */
    @Test
    void headAndStemNamesMatchTheNetworks() {
        List<String> unregistered = new ArrayList<>();
        for (PretrainedSpec s : ImageNetSpecs.all()) {
            StateDict fx = Fixtures.parity(s.arch());
            assertTrue(fx != null, s.tag() + ": no parity fixture for architecture " + s.arch());
            assertEquals(fx.metadata().get("final_linear"), s.head(), s.tag() + ": head");
            assertTrue(Fixtures.stateDictShapes(fx).keySet().stream().anyMatch(n -> n.startsWith(s.stem() + ".")),
                    s.tag() + ": no module " + s.stem());
            ArchInfo info;
            try {
                info = Architectures.get(s.arch());
            } catch (IllegalArgumentException e) {
                unregistered.add(s.arch());
                continue;
            }
            Network net = info.create(1000);
            assertEquals(net.headPath(), s.head(), s.tag());
            assertTrue(net.stages().get(0).contains(s.stem() + ".weight") || net.stages().get(0).contains(s.stem()),
                    s.tag() + ": stem " + s.stem() + " is not in the first stage");
            net.find(s.stem());
        }
        Assumptions.assumeTrue(unregistered.isEmpty(),
                "checked names against fixtures only; not registered on this branch: " + new HashSet<>(unregistered));
    }

    @Test
    void checksumPrefixesVerifyFullDigests() {
        PretrainedSpec s = PretrainedSpecs.find("resnet18.tv_in1k").orElseThrow();
        String full = "f37072fd" + "0".repeat(56);
        assertTrue(s.sha256Matches(full));
        assertTrue(s.sha256Matches(full.toUpperCase()));
        assertFalse(s.sha256Matches("f37072fe" + "0".repeat(56)));
        PretrainedSpec hub = PretrainedSpecs.find("resnet50.a1_in1k").orElseThrow();
        assertFalse(hub.sha256IsPrefix());
        assertTrue(hub.sha256Matches(full), "no checksum recorded: nothing to compare");
        var bad = assertThrows(IllegalArgumentException.class, () -> new PretrainedSpec("x.y", "x", "https://h/x",
                "F3707", 1000, List.of(), Preprocess.imagenet(224), "bilinear", "conv1", "fc", ""));
        assertTrue(bad.getMessage().contains("8 to 64 lower-case hex"), bad.getMessage());
    }
}
