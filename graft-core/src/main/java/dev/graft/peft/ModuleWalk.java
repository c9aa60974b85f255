package dev.graft.peft;

import dev.graft.nn.Module;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Every module of a tree by dotted path, and the globs users name them with. */
final class ModuleWalk {
    private ModuleWalk() {}

    /** All descendants of {@code root} (not root itself), depth first in registration order. */
    static Map<String, Module> all(Module root) {
        Map<String, Module> out = new LinkedHashMap<>();
        collect("", root, out);
        return out;
    }

    private static void collect(String prefix, Module m, Map<String, Module> out) {
        m.children().forEach((name, c) -> {
            String path = prefix + name;
            out.put(path, c);
            collect(path + ".", c, out);
        });
    }

    /**
     * A glob over module paths: {@code *} matches within one path segment, {@code **} across
     * segments, {@code ?} one character; anything else matches itself.
     */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^.]*");
            } else if (c == '?') {
                re.append("[^.]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
