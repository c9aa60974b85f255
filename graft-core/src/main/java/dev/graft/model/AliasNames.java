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

    /** Whether {@code name} is one of the alias names (a file in the other layout). */
    boolean isAlias(String name) {
        if (tensors.containsKey(name)) {
            return true;
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 && modules.containsKey(name.substring(0, dot));
    }
}
