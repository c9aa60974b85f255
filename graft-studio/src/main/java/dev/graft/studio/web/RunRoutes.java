package dev.graft.studio.web;

import com.google.gson.JsonObject;
import dev.graft.studio.StudioException;
import dev.graft.studio.project.Names;
import dev.graft.studio.project.Project;
import dev.graft.studio.results.Exports;
import dev.graft.studio.results.Reviews;
import dev.graft.studio.results.RunFolder;
import dev.graft.studio.results.TrainSettings;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** A project's runs: train, resume, list, delete, curves, review, try it, export. */
final class RunRoutes {
    private final Services s;

    RunRoutes(Services s) {
        this.s = s;
    }

    void register(RoutesConfig r) {
        String run = "/api/projects/{p}/runs/{r}";
        r.post("/api/projects/{p}/train", ctx -> {
            TrainSettings settings = TrainSettings.parse(Json.object(ctx.body()));
            ctx.status(202).json(s.runs().train(project(ctx), settings).json(-1));
        });
        r.get("/api/projects/{p}/runs", ctx -> ctx.json(s.runs().list(project(ctx))));
        r.get(run, ctx -> {
            Project p = project(ctx);
            RunFolder f = s.runs().get(p, ctx.pathParam("r"));
            Map<String, Object> m = new LinkedHashMap<>(s.runs().view(p, f));
            m.put("history", s.runs().history(f));
            ctx.json(m);
        });
        r.delete(run, ctx -> {
            Project p = project(ctx);
            RunFolder f = s.runs().get(p, ctx.pathParam("r"));
            s.predictor().forget(f);
            s.runs().delete(p, f.id());
            ctx.status(204);
        });
        r.post(run + "/resume", ctx -> ctx.status(202).json(s.runs().resume(project(ctx), ctx.pathParam("r")).json(-1)));
        r.get(run + "/review", ctx -> ctx.json(Reviews.of(withModel(ctx), s.runs().threads(),
                s.runs().jobs().busy(project(ctx).id(), ctx.pathParam("r")))));
        r.post(run + "/review", ctx -> ctx.status(202).json(s.runs().reviewLabels(project(ctx), ctx.pathParam("r"))
                .json(-1)));
        r.get(run + "/images/{c}/{img}/thumb", this::runThumb);
        r.post(run + "/predict", this::predict);
        r.get(run + "/download.zip", ctx -> {
            RunFolder f = withModel(ctx);
            ctx.contentType("application/zip").header("Content-Disposition", "attachment; filename=\""
                    + f.id() + ".zip\"");
            Exports.zip(f, ctx.outputStream());
        });
        r.get(run + "/exports", ctx -> ctx.json(Exports.state(withModel(ctx))));
        r.post(run + "/onnx", ctx -> ctx.status(202).json(s.runs().exportOnnx(project(ctx), ctx.pathParam("r")).json(-1)));
        r.get(run + "/model.onnx", ctx -> {
            Path f = Exports.onnxFile(withModel(ctx));
            if (!Files.isRegularFile(f)) {
                throw StudioException.notFound("this run has not been exported to ONNX yet");
            }
            ctx.contentType("application/octet-stream").header("Content-Disposition", "attachment; filename=\""
                    + ctx.pathParam("r") + ".onnx\"").result(Files.newInputStream(f));
        });
    }

    private Project project(Context ctx) {
        return s.projects().get(ctx.pathParam("p"));
    }

    private RunFolder withModel(Context ctx) {
        return s.runs().withModel(project(ctx), ctx.pathParam("r"));
    }

    /** A preview of an image as the run saw it (its frozen copy), whatever happened to the project's since. */
    private void runThumb(Context ctx) throws IOException {
        Project p = project(ctx);
        RunFolder f = s.runs().get(p, ctx.pathParam("r"));
        String cls = Names.className(ctx.pathParam("c"));
        String img = Names.imageName(ctx.pathParam("img"));
        for (String part : new String[] {"val", "train"}) {
            Path file = f.data().resolve(part).resolve(cls).resolve(img);
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                ctx.contentType("image/png").result(s.thumbs().png(s.workspace().checked(file), p.cache()));
                return;
            }
        }
        throw StudioException.notFound("run '" + f.id() + "' has no image '" + img + "' in class '" + cls + "'");
    }

    /** Try it: one uploaded image, checked like any upload, then the run's top labels. */
    private void predict(Context ctx) throws IOException {
        RunFolder f = withModel(ctx);
        List<UploadedFile> files = Uploads.files(ctx, s.importer().limits(), "file");
        if (files.size() != 1) {
            throw StudioException.badInput("send exactly one image as multipart form field 'file'");
        }
        Path staged;
        try (InputStream in = files.get(0).content()) {
            staged = s.importer().checkedCopy(files.get(0).filename(), in);
        }
        try {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("top", s.predictor().top(f, staged));
            // where the model looked for its top label, as an image the page shows beside the bars
            m.put("heatmap", "data:image/png;base64," + Base64.getEncoder().encodeToString(
                    s.predictor().explain(f, staged)));
            ctx.json(m);
        } finally {
            Files.deleteIfExists(staged);
        }
    }
}
