package dev.graft.model;

import java.util.HashMap;
import java.util.Map;

/**
 * A translation of another library's tensor names (timm's) into this network's, built alongside
 * the network: whole module prefixes ({@code blocks.1.0.conv_dw} → {@code features.2.0.block.1.0})
 * and single tensors ({@code cls_token} → {@code class_token}). Names it does not know pass through.
 */
final class AliasNames {
    private final Map<String, String> modules = new HashMap<>();
    private final Map<String, String> tensors = new HashMap<>();

    /** Maps every tensor under module {@code alias} to the same leaf under {@code canonical}. */
    AliasNames module(String alias, String canonical) {
        modules.put(alias, canonical);
        return this;
    }

    /** Maps one full tensor name. */
    AliasNames tensor(String alias, String canonical) {
        tensors.put(alias, canonical);
        return this;
    }

    String canonical(String name) {
        String t = tensors.get(name);
        if (t != null) {
            return t;
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String m = modules.get(name.substring(0, dot));
            if (m != null) {
                return m + name.substring(dot);
            }
        }
        return name;
    }

    /**
     * timm's names for a torchvision inverted-residual block whose {@code block} Sequential holds
     * [expand conv-norm-act], depthwise conv-norm-act, [squeeze-excitation], projection conv-norm:
     * timm calls it DepthwiseSeparableConv without the expansion and InvertedResidual with it.
     */
    AliasNames invertedResidual(String timm, String path, boolean expand, boolean se) {
        String b = path + ".block.";
        int i = 0;
        if (expand) {
            module(timm + ".conv_pw", b + i + ".0").module(timm + ".bn1", b + i + ".1");
            i++;
        }
        module(timm + ".conv_dw", b + i + ".0").module(timm + (expand ? ".bn2" : ".bn1"), b + i + ".1");
        i++;
        if (se) {
            module(timm + ".se.conv_reduce", b + i + ".fc1").module(timm + ".se.conv_expand", b + i + ".fc2");
            i++;
        }
        return module(timm + (expand ? ".conv_pwl" : ".conv_pw"), b + i + ".0")
                .module(timm + (expand ? ".bn3" : ".bn2"), b + i + ".1");
    }
}
