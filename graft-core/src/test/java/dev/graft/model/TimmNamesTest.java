package dev.graft.model;

import static dev.graft.testing.AllClose.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.engine.Engines;
import dev.graft.nn.Ctx;
import dev.graft.testing.AllClose;
import dev.graft.testing.Fixtures;
import dev.graft.weights.HostTensor;
import dev.graft.weights.StateDict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * timm's {@code model.safetensors} layouts load into the torchvision-named networks. Each test
 * writes a network's weights out under timm's names, by rules derived here from timm's own
 * definitions (its {@code arch_def} block strings and module attribute names, not from the
 * mapping in the main code), loads them into a fresh network and checks it computes the same.
 */
class TimmNamesTest {
    /** timm's MobileNetV2 arch_def ({@code _gen_mobilenet_v2}). */
    static final String[][] MOBILENETV2 = {{"ds_r1_k3_s1_c16"}, {"ir_r2_k3_s2_e6_c24"}, {"ir_r3_k3_s2_e6_c32"},
        {"ir_r4_k3_s2_e6_c64"}, {"ir_r3_k3_s1_e6_c96"}, {"ir_r3_k3_s2_e6_c160"}, {"ir_r1_k3_s1_e6_c320"}};
    /** timm's mobilenetv3_large_100 arch_def. */
    static final String[][] MOBILENETV3_LARGE = {{"ds_r1_k3_s1_e1_c16_nre"},
        {"ir_r1_k3_s2_e4_c24_nre", "ir_r1_k3_s1_e3_c24_nre"}, {"ir_r3_k5_s2_e3_c40_se0.25_nre"},
        {"ir_r1_k3_s2_e6_c80", "ir_r1_k3_s1_e2.5_c80", "ir_r2_k3_s1_e2.3_c80"}, {"ir_r2_k3_s1_e6_c112_se0.25"},
        {"ir_r3_k5_s2_e6_c160_se0.25"}, {"cn_r1_k1_s1_c960"}};
    /** timm's mobilenetv3_small_100 arch_def. */
    static final String[][] MOBILENETV3_SMALL = {{"ds_r1_k3_s2_e1_c16_se0.25_nre"},
        {"ir_r1_k3_s2_e4.5_c24_nre", "ir_r1_k3_s1_e3.67_c24_nre"},
        {"ir_r1_k5_s2_e4_c40_se0.25", "ir_r2_k5_s1_e6_c40_se0.25"}, {"ir_r2_k5_s1_e3_c48_se0.25"},
        {"ir_r3_k5_s2_e6_c96_se0.25"}, {"cn_r1_k1_s1_c576"}};
    /** timm's EfficientNet arch_def ({@code _gen_efficientnet}). */
    static final String[][] EFFICIENTNET = {{"ds_r1_k3_s1_e1_c16_se0.25"}, {"ir_r2_k3_s2_e6_c24_se0.25"},
        {"ir_r2_k5_s2_e6_c40_se0.25"}, {"ir_r3_k3_s2_e6_c80_se0.25"}, {"ir_r3_k5_s1_e6_c112_se0.25"},
        {"ir_r4_k5_s2_e6_c192_se0.25"}, {"ir_r1_k3_s1_e6_c320_se0.25"}};

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mobilenet_v2", "mobilenet_v3_large", "mobilenet_v3_small", "efficientnet_b0",
        "efficientnet_b1", "convnext_tiny", "vit_ti_16"})
    void timmFileComputesWhatTheTorchvisionFileComputes(String arch) {
        try (NDManager m = Engines.newManager()) {
            Network reference = Architectures.get(arch).create(1000);
            reference.materialize(m, 1);
            WeightLoader.load(reference, Fixtures.syntheticWeights(reference), "synthetic", true);
            StateDict tv = reference.stateDict();
            StateDict timm = toTimm(arch, tv);
            Set<String> tvNames = tv.names();
            for (String name : timm.names()) {
                assertFalse(tvNames.contains(name), name + " was not renamed: the rules missed it");
            }
            Network loaded = Architectures.get(arch).create(1000);
            loaded.materialize(m, 2);
            LoadReport report = WeightLoader.load(loaded, timm, arch + " in timm layout", true);
            assertEquals(tv.size(), report.loaded());
            int size = arch.startsWith("vit") ? 224 : 64;
            NDArray x = m.randomNormal(new Shape(arch.startsWith("vit") ? 1 : 2, 3, size, size));
            float[] expected = reference.forward(x, Ctx.EVAL).toFloatArray();
            float[] actual = loaded.forward(x, Ctx.EVAL).toFloatArray();
            // only MobileNetV3's BatchNorm rescaling rounds; everything else is a bit-exact copy
            assertAllClose(actual, expected, arch.startsWith("mobilenet_v3") ? 1e-5 : 0, 0, arch + " logits");
        }
    }

    @Test
    void timmMobileNetV3BatchNormEpsilonIsAccountedFor() {
        try (NDManager m = Engines.newManager()) {
            Network reference = Architectures.get("mobilenet_v3_small").create(1000);
            reference.materialize(m, 1);
            WeightLoader.load(reference, Fixtures.syntheticWeights(reference), "synthetic", true);
            StateDict timm = toTimm("mobilenet_v3_small", reference.stateDict());
            // the same tensors under torchvision's names, as a plain rename would load them
            Network renamedOnly = Architectures.get("mobilenet_v3_small").create(1000);
            renamedOnly.materialize(m, 2);
            StateDict plain = new StateDict();
            timm.tensors().forEach((k, t) -> plain.put(renamedOnly.canonicalName(k), t));
            HostTensor head = plain.get("classifier.0.weight");
            plain.put("classifier.0.weight", new HostTensor(new long[] {head.shape()[0], head.shape()[1]}, head.data()));
            WeightLoader.load(renamedOnly, plain, "renamed", true);
            NDArray x = m.randomNormal(new Shape(2, 3, 64, 64));
            double err = AllClose.relativeError(renamedOnly.forward(x, Ctx.EVAL).toFloatArray(),
                    reference.forward(x, Ctx.EVAL).toFloatArray());
            assertTrue(err > 1e-3, "eps 1e-5 vs 1e-3 should matter, relative error was " + err);
        }
    }

    // ---------------------------------------------------------------- torchvision -> timm, from timm's definitions

    static StateDict toTimm(String arch, StateDict tv) {
        Map<String, String> names;
        if (arch.equals("mobilenet_v2")) {
            names = effnetFamily(tv, MOBILENETV2, 1.0, false);
            names.putAll(prefixes(tv, Map.of("features.18.0", "conv_head", "features.18.1", "bn2",
                    "classifier.1", "classifier")));
        } else if (arch.startsWith("mobilenet_v3")) {
            names = effnetFamily(tv, arch.endsWith("large") ? MOBILENETV3_LARGE : MOBILENETV3_SMALL, 1.0, false);
            names.putAll(prefixes(tv, Map.of("classifier.0", "conv_head", "classifier.3", "classifier")));
        } else if (arch.startsWith("efficientnet")) {
            double depth = Map.of("efficientnet_b0", 1.0, "efficientnet_b1", 1.1).get(arch);
            names = effnetFamily(tv, EFFICIENTNET, depth, true);
            names.putAll(prefixes(tv, Map.of("features.8.0", "conv_head", "features.8.1", "bn2",
                    "classifier.1", "classifier")));
        } else if (arch.equals("convnext_tiny")) {
            names = convnext(tv);
        } else {
            names = vit(tv);
        }
        StateDict out = new StateDict();
        for (String name : tv.names()) {
            String t = names.get(name);
            if (t == null) {
                throw new AssertionError("no timm name for " + name);
            }
            out.put(t, timmTensor(arch, name, tv));
        }
        return out;
    }

    /** The tensor as timm's module holds it. */
    private static HostTensor timmTensor(String arch, String tvName, StateDict tv) {
        HostTensor t = tv.get(tvName);
        if (arch.equals("convnext_tiny") && tvName.endsWith("layer_scale")) {
            return new HostTensor(new long[] {t.shape()[0]}, t.data()); // timm's gamma is [C]
        }
        if (arch.startsWith("mobilenet_v3") && tvName.equals("classifier.0.weight")) {
            return new HostTensor(new long[] {t.shape()[0], t.shape()[1], 1, 1}, t.data()); // a 1x1 conv
        }
        if (arch.startsWith("mobilenet_v3") && tvName.endsWith(".weight")
                && tv.contains(tvName.replace(".weight", ".running_var"))) {
            // timm's BatchNorm has eps 1e-5: same output needs scale·√(σ²+1e-5)/√(σ²+1e-3)
            float[] var = tv.get(tvName.replace(".weight", ".running_var")).data();
            float[] w = new float[t.data().length];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (t.data()[i] * Math.sqrt(var[i] + 1e-5) / Math.sqrt(var[i] + 1e-3));
            }
            return new HostTensor(t.shape(), w);
        }
        return t;
    }

    /**
     * Names for timm's EfficientNet builder: conv_stem/bn1, then {@code blocks.s.j} in arch_def
     * order, each block's modules in timm's attribute order for its type (ds, ir, cn).
     */
    static Map<String, String> effnetFamily(StateDict tv, String[][] archDef, double depth, boolean nestedStages) {
        Map<String, String> out = prefixes(tv, Map.of("features.0.0", "conv_stem", "features.0.1", "bn1"));
        List<String> blockPaths = new ArrayList<>();
        Pattern block = Pattern.compile(nestedStages ? "^(features\\.[1-7]\\.\\d+)\\." : "^(features\\.\\d+)\\.(conv|block)\\.");
        for (String name : tv.names()) {
            Matcher mt = block.matcher(name);
            if (mt.find() && !blockPaths.contains(mt.group(1))) {
                blockPaths.add(mt.group(1));
            }
        }
        int next = 0;
        for (int s = 0; s < archDef.length; s++) {
            int j = 0;
            for (String def : archDef[s]) {
                int repeats = (int) Math.ceil(Integer.parseInt(def.replaceAll(".*_r(\\d+)_.*", "$1")) * depth);
                for (int r = 0; r < repeats; r++, j++) {
                    String path = def.startsWith("cn") && !nestedStages ? "features." + (next + 1) : blockPaths.get(next);
                    mapBlock(tv, path, "blocks." + s + "." + j, def, out);
                    next++;
                }
            }
        }
        return out;
    }

    private static void mapBlock(StateDict tv, String path, String timm, String def, Map<String, String> out) {
        boolean se = def.contains("_se");
        List<String> local = switch (def.substring(0, 2)) {
            case "ds" -> se ? List.of("conv_dw", "bn1", "se.conv_reduce", "se.conv_expand", "conv_pw", "bn2")
                    : List.of("conv_dw", "bn1", "conv_pw", "bn2");
            case "ir" -> se ? List.of("conv_pw", "bn1", "conv_dw", "bn2", "se.conv_reduce", "se.conv_expand", "conv_pwl", "bn3")
                    : List.of("conv_pw", "bn1", "conv_dw", "bn2", "conv_pwl", "bn3");
            default -> List.of("conv", "bn1");
        };
        List<String> modules = new ArrayList<>();
        for (String name : tv.names()) {
            if (name.startsWith(path + ".")) {
                String module = name.substring(0, name.lastIndexOf('.'));
                if (!modules.contains(module)) {
                    modules.add(module);
                }
            }
        }
        assertEquals(local.size(), modules.size(), path + " " + modules + " vs timm " + def);
        Map<String, String> prefixMap = new LinkedHashMap<>();
        for (int i = 0; i < local.size(); i++) {
            prefixMap.put(modules.get(i), timm + "." + local.get(i));
        }
        out.putAll(prefixes(tv, prefixMap));
    }

    /** Every torchvision name under one of the module prefixes, with the prefix swapped. */
    static Map<String, String> prefixes(StateDict tv, Map<String, String> modules) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : tv.names()) {
            String module = name.substring(0, Math.max(0, name.lastIndexOf('.')));
            String t = modules.get(module);
            if (t != null) {
                out.put(name, t + name.substring(module.length()));
            }
        }
        return out;
    }

    /** timm's convnext.py: stem.N, stages.i.downsample.N, stages.i.blocks.j.{conv_dw,norm,mlp.fc1,mlp.fc2,gamma}, head.{norm,fc}. */
    static Map<String, String> convnext(StateDict tv) {
        Map<String, String> out = new LinkedHashMap<>();
        String[][] rules = {
            {"^features\\.0\\.(\\d)\\.", "stem.$1."},
            {"^features\\.([246])\\.(\\d)\\.", "stages.{half}.downsample.$2."},
            {"^features\\.([1357])\\.(\\d+)\\.block\\.0\\.", "stages.{half}.blocks.$2.conv_dw."},
            {"^features\\.([1357])\\.(\\d+)\\.block\\.2\\.", "stages.{half}.blocks.$2.norm."},
            {"^features\\.([1357])\\.(\\d+)\\.block\\.3\\.", "stages.{half}.blocks.$2.mlp.fc1."},
            {"^features\\.([1357])\\.(\\d+)\\.block\\.5\\.", "stages.{half}.blocks.$2.mlp.fc2."},
            {"^features\\.([1357])\\.(\\d+)\\.layer_scale$", "stages.{half}.blocks.$2.gamma"},
            {"^classifier\\.0\\.", "head.norm."},
            {"^classifier\\.2\\.", "head.fc."},
        };
        for (String name : tv.names()) {
            for (String[] rule : rules) {
                Matcher mt = Pattern.compile(rule[0]).matcher(name);
                if (mt.find()) {
                    String stage = mt.groupCount() > 0 ? Integer.toString(Integer.parseInt(mt.group(1)) / 2) : "";
                    out.put(name, mt.replaceFirst(rule[1].replace("{half}", stage)));
                    break;
                }
            }
        }
        return out;
    }

    /** timm's vision_transformer.py: cls_token, pos_embed, patch_embed.proj, blocks.N.{norm1,attn.qkv,attn.proj,norm2,mlp.fc1,mlp.fc2}, norm, head. */
    static Map<String, String> vit(StateDict tv) {
        String[][] rules = {
            {"^class_token$", "cls_token"},
            {"^encoder\\.pos_embedding$", "pos_embed"},
            {"^conv_proj\\.", "patch_embed.proj."},
            {"^encoder\\.layers\\.encoder_layer_(\\d+)\\.ln_1\\.", "blocks.$1.norm1."},
            {"^encoder\\.layers\\.encoder_layer_(\\d+)\\.self_attention\\.in_proj_(weight|bias)$", "blocks.$1.attn.qkv.$2"},
            {"^encoder\\.layers\\.encoder_layer_(\\d+)\\.self_attention\\.out_proj\\.", "blocks.$1.attn.proj."},
            {"^encoder\\.layers\\.encoder_layer_(\\d+)\\.ln_2\\.", "blocks.$1.norm2."},
            {"^encoder\\.layers\\.encoder_layer_(\\d+)\\.mlp\\.0\\.", "blocks.$1.mlp.fc1."},
            {"^encoder\\.layers\\.encoder_layer_(\\d+)\\.mlp\\.3\\.", "blocks.$1.mlp.fc2."},
            {"^encoder\\.ln\\.", "norm."},
            {"^heads\\.head\\.", "head."},
        };
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : tv.names()) {
            for (String[] rule : rules) {
                Matcher mt = Pattern.compile(rule[0]).matcher(name);
                if (mt.find()) {
                    out.put(name, mt.replaceFirst(rule[1]));
                    break;
                }
            }
        }
        return out;
    }
}
