package dev.graft.studio.web;

import dev.graft.studio.project.Project;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.file.Files;

/** Comparisons: start one, list them, show a report. */
final class StudyRoutes {
    /** The report is Graft's own HTML with inline styles and inlined images; it runs no script and loads nothing. */
    static final String REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox; "
            + "frame-ancestors 'self'";
    private final Services s;

    StudyRoutes(Services s) {
        this.s = s;
    }

    void register(RoutesConfig r) {
        r.post("/api/projects/{p}/studies", ctx -> ctx.status(202).json(s.studies().start(project(ctx),
                Json.object(ctx.body())).json(-1)));
        r.get("/api/projects/{p}/studies", ctx -> ctx.json(s.studies().list(project(ctx))));
        r.get("/api/projects/{p}/studies/{s}/report.html", ctx -> ctx.header("Content-Security-Policy", REPORT_CSP)
                .contentType("text/html; charset=utf-8")
                .result(Files.readAllBytes(s.studies().report(project(ctx), ctx.pathParam("s")))));
    }

    private Project project(Context ctx) {
        return s.projects().get(ctx.pathParam("p"));
    }
}
