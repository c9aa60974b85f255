package dev.graft.run;

import ai.djl.engine.Engine;
import dev.graft.Graft;
import dev.graft.engine.Engines;
import java.util.LinkedHashMap;
import java.util.Map;

/** The versions a run's provenance records. */
public final class Versions {
    private Versions() {}

    public static Map<String, String> current() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("graft", Graft.VERSION);
        v.put("djl", Engine.getDjlVersion());
        v.put("libtorch", Engines.libtorchVersion());
        v.put("java", System.getProperty("java.version"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        v.put("cpu", System.getProperty("os.arch"));
        return v;
    }
}
