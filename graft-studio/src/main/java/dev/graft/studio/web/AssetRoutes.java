package dev.graft.studio.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The page and its assets, all from the jar: no CDN, no fonts or scripts from elsewhere. Opening
 * the printed URL ({@code /?token=...}) stores the token in an HTTP-only, same-site cookie and
 * redirects to {@code /}, so the token leaves the address bar and every later request, images
 * and the event stream included, carries it.
 */
final class AssetRoutes {
    private static final String ROOT = "/dev/graft/studio/web/";
    private static final Map<String, String> ASSETS = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "chart.js", "text/javascript; charset=utf-8",
            "data.js", "text/javascript; charset=utf-8",
            "train.js", "text/javascript; charset=utf-8",
            "review.js", "text/javascript; charset=utf-8",
            "more.js", "text/javascript; charset=utf-8",
            "favicon.svg", "image/svg+xml");
    private final Guard guard;

    AssetRoutes(Guard guard) {
        this.guard = guard;
    }

    void register(RoutesConfig r) {
        r.get("/", this::index);
        r.get("/assets/{name}", ctx -> {
            String name = ctx.pathParam("name");
            String type = ASSETS.get(name);
            if (type == null) {
                Server.error(ctx, 404, "no asset '" + name + "'");
                return;
            }
            ctx.contentType(type).header("Cache-Control", "no-cache").result(resource(name));
        });
    }

    private void index(Context ctx) {
        String t = ctx.queryParam("token");
        if (t != null && guard.matches(t)) {
            ctx.header("Set-Cookie", guard.cookieName() + "=" + t + "; Path=/; HttpOnly; SameSite=Strict");
            ctx.redirect("/");
            return;
        }
        ctx.contentType("text/html; charset=utf-8").result(resource("index.html"));
    }

    static byte[] resource(String name) {
        try (InputStream in = AssetRoutes.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("asset " + name + " is missing from this build; rebuild graft-studio");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
