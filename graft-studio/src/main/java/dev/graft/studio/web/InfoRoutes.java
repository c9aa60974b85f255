package dev.graft.studio.web;

import dev.graft.Graft;
import dev.graft.hub.WeightSource;
import dev.graft.studio.results.Exports;
import dev.graft.studio.results.Options;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** What this Studio can do, and what the training form offers. */
final class InfoRoutes {
    private final Services s;

    InfoRoutes(Services s) {
        this.s = s;
    }

    void register(RoutesConfig r) {
        r.get("/api/info", ctx -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", Graft.VERSION);
            m.put("workspace", s.workspace().root().toString());
            m.put("onnx", Exports.onnxAvailable());
            m.put("limits", s.importer().limits());
            ctx.json(m);
        });
        r.get("/api/options", ctx -> ctx.json(Options.all(WeightSource.builder().build())));
    }
}
