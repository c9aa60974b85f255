package dev.graft.studio.web;

import com.google.gson.JsonObject;
import dev.graft.studio.StudioException;
import dev.graft.studio.project.Dataset;
import dev.graft.studio.project.Project;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Projects: list, create, open, rename, delete. */
final class ProjectRoutes {
    private final Services s;

    ProjectRoutes(Services s) {
        this.s = s;
    }

    void register(RoutesConfig r) {
        r.get("/api/projects", this::list);
        r.post("/api/projects", this::create);
        r.get("/api/projects/{p}", ctx -> ctx.json(detail(project(ctx))));
        r.patch("/api/projects/{p}", this::rename);
        r.delete("/api/projects/{p}", this::delete);
    }

    private void list(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Project p : s.projects().list()) {
            Dataset d = s.projects().dataset(p);
            Map<String, Object> m = summary(p);
            var classes = d.classes();
            m.put("classes", classes.size());
            m.put("images", classes.stream().mapToInt(Dataset.ClassInfo::count).sum());
            m.put("runs", s.runs().count(p));
            out.add(m);
        }
        ctx.json(out);
    }

    private void create(Context ctx) {
        JsonObject body = Json.object(ctx.body());
        Project p = s.projects().create(Json.string(body, "name"));
        ctx.status(201).json(detail(p));
    }

    private void rename(Context ctx) {
        JsonObject body = Json.object(ctx.body());
        Project p = s.projects().rename(ctx.pathParam("p"), Json.string(body, "name"));
        ctx.json(detail(p));
    }

    private void delete(Context ctx) {
        Project p = project(ctx);
        if (s.jobs().busy(p.id(), null)) {
            throw StudioException.conflict("project '" + p.name() + "' has a job queued or running; stop it first");
        }
        s.projects().delete(p.id());
        ctx.status(204);
    }

    Project project(Context ctx) {
        return s.projects().get(ctx.pathParam("p"));
    }

    private Map<String, Object> detail(Project p) {
        Map<String, Object> m = summary(p);
        m.put("classes", s.projects().dataset(p).classes());
        return m;
    }

    private static Map<String, Object> summary(Project p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("name", p.name());
        m.put("created", p.created());
        return m;
    }
}
