package dev.graft.studio.web;

import com.google.gson.JsonObject;
import dev.graft.studio.StudioException;
import dev.graft.studio.ingest.ImageType;
import dev.graft.studio.ingest.Importer;
import dev.graft.studio.ingest.Outcome;
import dev.graft.studio.ingest.ZipImport;
import dev.graft.studio.ingest.FolderImport;
import dev.graft.studio.project.Dataset;
import dev.graft.studio.project.Project;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A project's classes and images: add, rename, delete, upload, import, move, preview. */
final class DataRoutes {
    private final Services s;

    DataRoutes(Services s) {
        this.s = s;
    }

    void register(RoutesConfig r) {
        String cls = "/api/projects/{p}/classes/{c}";
        r.post("/api/projects/{p}/classes", ctx -> {
            data(ctx).addClass(Json.string(Json.object(ctx.body()), "name"));
            ctx.status(201).json(data(ctx).classes());
        });
        r.patch(cls, ctx -> {
            data(ctx).renameClass(ctx.pathParam("c"), Json.string(Json.object(ctx.body()), "name"));
            ctx.json(data(ctx).classes());
        });
        r.delete(cls, ctx -> {
            data(ctx).deleteClass(ctx.pathParam("c"));
            ctx.json(data(ctx).classes());
        });
        r.get(cls + "/images", ctx -> ctx.json(data(ctx).images(data(ctx).existingClass(ctx.pathParam("c")))));
        r.post(cls + "/images", this::upload);
        r.get(cls + "/images/{img}", this::original);
        r.get(cls + "/images/{img}/thumb", this::thumb);
        r.post(cls + "/images/{img}/move", ctx -> {
            String to = Json.string(Json.object(ctx.body()), "to");
            String name = data(ctx).move(ctx.pathParam("c"), ctx.pathParam("img"), to == null ? "" : to);
            ctx.json(Map.of("class", data(ctx).existingClass(to), "name", name));
        });
        r.delete(cls + "/images/{img}", ctx -> {
            data(ctx).delete(ctx.pathParam("c"), ctx.pathParam("img"));
            ctx.status(204);
        });
        r.post("/api/projects/{p}/import/zip", this::importZip);
        r.post("/api/projects/{p}/import/folder", ctx -> {
            String path = Json.string(Json.object(ctx.body()), "path");
            ctx.json(new FolderImport(s.importer()).run(data(ctx), path));
        });
    }

    private Dataset data(Context ctx) {
        Project p = s.projects().get(ctx.pathParam("p"));
        return s.projects().dataset(p);
    }

    private void upload(Context ctx) {
        Dataset d = data(ctx);
        String c = d.existingClass(ctx.pathParam("c"));
        List<UploadedFile> files = Uploads.files(ctx, s.importer().limits(), "files");
        if (files.isEmpty()) {
            throw StudioException.badInput("no files in the upload; send them as multipart form field 'files'");
        }
        List<Importer.Incoming> incoming = files.stream().<Importer.Incoming>map(f -> new Importer.Incoming() {
            @Override
            public String name() {
                return f.filename();
            }

            @Override
            public InputStream open() {
                return f.content();
            }
        }).toList();
        Outcome out = s.importer().files(d, c, incoming);
        ctx.json(out);
    }

    private void importZip(Context ctx) throws IOException {
        Dataset d = data(ctx);
        List<UploadedFile> files = Uploads.files(ctx, s.importer().limits(), "file");
        if (files.size() != 1) {
            throw StudioException.badInput("send exactly one zip as multipart form field 'file'");
        }
        Path staged = Files.createTempFile(s.workspace().checked(s.workspace().tmp()), "zip-", ".zip");
        try {
            try (InputStream in = files.get(0).content()) {
                Files.copy(in, staged, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            ctx.json(new ZipImport(s.importer()).run(d, staged));
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    private void original(Context ctx) throws IOException {
        Path f = data(ctx).image(ctx.pathParam("c"), ctx.pathParam("img"));
        byte[] head = new byte[ImageType.HEAD];
        int n;
        try (InputStream in = Files.newInputStream(f)) {
            n = in.readNBytes(head, 0, head.length);
        }
        ImageType t = ImageType.sniff(java.util.Arrays.copyOf(head, n));
        if (t == null) {
            throw new StudioException(StudioException.Kind.UNSUPPORTED, f.getFileName() + " is no longer an image");
        }
        ctx.contentType(t.mime()).result(Files.readAllBytes(f));
    }

    private void thumb(Context ctx) throws IOException {
        Dataset d = data(ctx);
        Path f = d.image(ctx.pathParam("c"), ctx.pathParam("img"));
        ctx.contentType("image/png").header("Cache-Control", "private, max-age=300")
                .result(s.thumbs().png(f, d.project().cache()));
    }
}
