package dev.graft.studio.ingest;

import dev.graft.studio.StudioException;
import dev.graft.studio.project.Dataset;
import dev.graft.studio.project.Names;
import dev.graft.studio.project.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Brings images into a project: files dropped on a class, a zip of class folders ({@link ZipImport}),
 * or a folder on this machine ({@link FolderImport}). Each file is copied into the workspace's
 * staging area with its size capped, checked by {@link ImageCheck}, and only then moved into its
 * class under a name the Studio makes; a bad file is refused with its reason and the rest go on.
 */
public final class Importer {
    private final Workspace workspace;
    private final UploadLimits limits;
    private final ImageCheck check;

    public Importer(Workspace workspace, UploadLimits limits) {
        this.workspace = workspace;
        this.limits = limits;
        this.check = new ImageCheck(limits);
    }

    public UploadLimits limits() {
        return limits;
    }

    /** A file arriving in a request: its name as sent and its bytes. */
    public interface Incoming {
        String name();

        InputStream open() throws IOException;
    }

    /**
     * Adds uploaded files to one class.
     *
     * @param data the project's images
     * @param cls the class, which must exist
     * @param files the files
     * @return what was kept and what was refused
     * @throws StudioException TOO_LARGE when there are more files than {@link UploadLimits#maxFiles()}
     */
    public Outcome files(Dataset data, String cls, List<? extends Incoming> files) {
        String c = data.existingClass(cls);
        if (files.size() > limits.maxFiles()) {
            throw StudioException.tooLarge(files.size() + " files in one upload, more than the limit of "
                    + limits.maxFiles() + "; upload them in smaller batches, or as a zip");
        }
        Outcome out = Outcome.empty();
        for (Incoming f : files) {
            try (InputStream in = f.open()) {
                add(data, c, f.name(), in, out);
            } catch (IOException e) {
                out.refuse(f.name(), "cannot read the upload (" + e.getMessage() + ")");
            }
        }
        return out;
    }

    /**
     * Stages one stream, checks it and keeps it in {@code cls}, or records why not.
     *
     * @param from the name to report it by
     */
    void add(Dataset data, String cls, String from, InputStream in, Outcome out) throws IOException {
        Path staged = stage();
        try {
            long n = copyCapped(in, staged, limits.maxFileBytes());
            if (n > limits.maxFileBytes()) {
                out.refuse(from, check.tooBig(n) + " (or more)");
                return;
            }
            ImageCheck.Verdict v = check.check(staged);
            if (!v.ok()) {
                out.refuse(from, v.reason());
                return;
            }
            String name = data.store(cls, Names.stem(from), v.type().extension(), staged);
            out.add(cls, name, from);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    /**
     * Stages and checks one image that is not kept (try-it), under the same limits and checks as
     * uploads.
     *
     * @param name the name it came with, for the message
     * @param in its bytes
     * @return the staged file; the caller deletes it
     * @throws StudioException TOO_LARGE or UNSUPPORTED with the reason when it is refused
     */
    public Path checkedCopy(String name, InputStream in) throws IOException {
        Path staged = stage();
        boolean ok = false;
        try {
            long n = copyCapped(in, staged, limits.maxFileBytes());
            if (n > limits.maxFileBytes()) {
                throw StudioException.tooLarge(name + ": " + check.tooBig(n) + " (or more)");
            }
            ImageCheck.Verdict v = check.check(staged);
            if (!v.ok()) {
                throw new StudioException(StudioException.Kind.UNSUPPORTED, name + ": " + v.reason());
            }
            ok = true;
            return staged;
        } finally {
            if (!ok) {
                Files.deleteIfExists(staged);
            }
        }
    }

    /** A fresh file in the staging area. */
    Path stage() {
        try {
            return Files.createTempFile(workspace.checked(workspace.tmp()), "in-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage an upload in " + workspace.tmp() + " (" + e.getMessage() + ")",
                    e);
        }
    }

    /**
     * Copies at most {@code cap + 1} bytes, so a stream longer than the cap is detected without
     * being stored whole.
     *
     * @return the bytes copied: more than {@code cap} means the stream was longer than allowed
     */
    static long copyCapped(InputStream in, Path target, long cap) throws IOException {
        long total = 0;
        byte[] buf = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(target)) {
            int r;
            while ((r = in.read(buf, 0, (int) Math.min(buf.length, cap + 1 - total))) > 0) {
                out.write(buf, 0, r);
                total += r;
                if (total > cap) {
                    break;
                }
            }
        }
        return total;
    }

    ImageCheck check() {
        return check;
    }
}
