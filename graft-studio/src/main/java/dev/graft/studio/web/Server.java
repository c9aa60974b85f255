package dev.graft.studio.web;

import dev.graft.GraftException;
import dev.graft.studio.StudioException;
import dev.graft.studio.ingest.Importer;
import dev.graft.studio.ingest.Thumbnails;
import dev.graft.studio.ingest.UploadLimits;
import dev.graft.studio.jobs.JobQueue;
import dev.graft.studio.project.Projects;
import dev.graft.studio.project.Workspace;
import dev.graft.studio.results.Predictor;
import dev.graft.studio.results.Runs;
import dev.graft.studio.results.Studies;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import java.io.UncheckedIOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Studio's HTTP server: Javalin on Jetty, every request through {@link Guard} first, every
 * refusal as {@code {"error": "..."}} with the status its kind implies, and the one job queue.
 */
public final class Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Server.class);
    /** The app's own scripts, styles and images only; no inline script, nothing from elsewhere. */
    static final String CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'; "
            + "object-src 'none'";

    private final Hub hub = new Hub();
    private final JobQueue jobs = new JobQueue(hub);
    private final Javalin app;
    private final Predictor predictor;
    private volatile int port;

    /**
     * Builds the server; {@link #start} opens the port.
     *
     * @param workspace where everything is written
     * @param token the session token every request must carry
     * @param host the address to listen on
     * @param limits upload limits
     * @param threads libtorch and decoding threads for training and prediction
     */
    public Server(Workspace workspace, String token, String host, UploadLimits limits, int threads) {
        Projects projects = new Projects(workspace);
        Services s = new Services(projects, new Importer(workspace, limits), new Thumbnails(workspace), jobs,
                new Runs(projects, jobs, threads), predictor = new Predictor(threads), new Studies(projects, jobs, threads));
        Guard guard = new Guard(token, host, () -> port);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jsonMapper(new Json());
            var mp = config.jetty.multipartConfig;
            mp.cacheDirectory(workspace.checked(workspace.tmp()).toString());
            mp.maxFileSize(limits.maxRequestBytes(), SizeUnit.BYTES);
            mp.maxTotalRequestSize(limits.maxRequestBytes(), SizeUnit.BYTES);
            mp.maxInMemoryFileSize(1, SizeUnit.MB);
            // Jetty counts multipart parts against the form-key limit; leave room for ours to speak first
            config.jetty.modifyServletContextHandler(h -> h.setMaxFormKeys(limits.maxFiles() + 16));
            config.routes.before(ctx -> {
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("Referrer-Policy", "no-referrer");
                ctx.header("Content-Security-Policy", CSP);
                ctx.header("Cache-Control", "no-store");
                guard.check(ctx);
            });
            errors(config.routes);
            new AssetRoutes(guard).register(config.routes);
            new ProjectRoutes(s).register(config.routes);
            new DataRoutes(s).register(config.routes);
            new JobRoutes(s, hub).register(config.routes);
            new InfoRoutes(s).register(config.routes);
            new RunRoutes(s).register(config.routes);
            new StudyRoutes(s).register(config.routes);
        });
    }

    private static void errors(io.javalin.config.RoutesConfig r) {
        r.exception(StudioException.class, (e, ctx) -> error(ctx, e.kind().status(), e.getMessage()));
        r.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        // every other error about what Graft was given or found (data, weights, runs, training, export)
        r.exception(GraftException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        r.exception(UncheckedIOException.class, (e, ctx) -> error(ctx, 500, e.getMessage()));
        r.exception(Exception.class, (e, ctx) -> {
            LOG.warn("request {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error (" + e + "); the Studio's console has the details");
        });
        r.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty() || !ctx.result().startsWith("{")) {
                error(ctx, 404, "no such page: " + ctx.path());
            }
        });
    }

    static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message == null ? "error" : message));
    }

    /**
     * Opens the port.
     *
     * @param host the address
     * @param wanted the port, 0 for any free one
     * @return the port it listens on
     */
    public int start(String host, int wanted) {
        app.start(host, wanted);
        port = app.port();
        return port;
    }

    /** Stops the running job (it saves its run), closes every page's event stream and the port. */
    @Override
    public void close() {
        jobs.close();
        hub.closeAll();
        app.stop();
        predictor.close();
    }
}
