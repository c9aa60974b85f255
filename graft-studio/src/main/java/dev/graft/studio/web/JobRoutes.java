package dev.graft.studio.web;

import io.javalin.config.RoutesConfig;

/** The job queue: what is running and waiting, stop and cancel, and the live event stream. */
final class JobRoutes {
    private final Services s;
    private final Hub hub;

    JobRoutes(Services s, Hub hub) {
        this.s = s;
        this.hub = hub;
    }

    void register(RoutesConfig r) {
        r.get("/api/jobs", ctx -> ctx.json(s.jobs().list()));
        r.post("/api/jobs/{j}/stop", ctx -> ctx.json(s.jobs().stop(ctx.pathParam("j")).json(-1)));
        r.sse("/api/events", client -> {
            client.keepAlive();
            hub.add(client);
        });
    }
}
