package dev.graft.studio.web;

import dev.graft.studio.StudioException;
import dev.graft.studio.ingest.UploadLimits;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.util.List;

/**
 * Reads a multipart upload within the limits. The declared length is checked before a byte is
 * read; Jetty enforces the same total while parsing (for uploads that declare none) and stages the
 * parts inside the workspace.
 */
final class Uploads {
    private Uploads() {}

    static List<UploadedFile> files(Context ctx, UploadLimits limits, String field) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limits.maxRequestBytes()) {
            throw StudioException.tooLarge("upload of " + declared + " bytes, more than the limit of "
                    + limits.maxRequestBytes() + " bytes per request; send fewer files at once");
        }
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw StudioException.badInput("an upload must be multipart/form-data");
        }
        try {
            return ctx.uploadedFiles(field);
        } catch (Exception e) { // Jetty's ServletException arrives undeclared, through Kotlin
            throw refusal(e, limits);
        }
    }

    /** Jetty's parse failures, as one line that names the limit. */
    private static StudioException refusal(Exception e, UploadLimits limits) {
        String m = String.valueOf(e.getMessage());
        Throwable c = e;
        while (c.getCause() != null) {
            c = c.getCause();
            m += " / " + c.getMessage();
        }
        String lower = m.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("max") || lower.contains("exceed") || lower.contains("too many") || lower.contains("limit")) {
            return StudioException.tooLarge("upload over a limit (at most " + limits.maxFiles() + " files and "
                    + limits.maxRequestBytes() + " bytes per request): " + m);
        }
        return StudioException.badInput("unreadable upload (" + m + ")");
    }
}
