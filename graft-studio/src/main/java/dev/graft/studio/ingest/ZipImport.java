package dev.graft.studio.ingest;

import dev.graft.studio.StudioException;
import dev.graft.studio.project.Dataset;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Imports a zip of class folders: every image's class is the folder it sits in, at any depth
 * ({@code shoes/a.png}, {@code photos/train/shoes/a.png}). Before a byte is inflated the whole
 * central directory is checked: an entry that climbs out of its folder (zip-slip: {@code ..},
 * an absolute path, a drive letter, a backslash) refuses the zip, and so does an entry count or a
 * declared uncompressed total over the limits (a zip bomb). While inflating, no entry may yield
 * more bytes than it declared.
 */
public final class ZipImport {
    private final Importer importer;

    public ZipImport(Importer importer) {
        this.importer = importer;
    }

    /**
     * Imports a staged zip.
     *
     * @param data the project's images; classes are made as needed
     * @param zip the uploaded zip, in the staging area
     * @return what was kept and refused, entry by entry
     * @throws StudioException BAD_INPUT for a damaged zip or zip-slip, TOO_LARGE for a bomb
     */
    public Outcome run(Dataset data, Path zip) {
        UploadLimits limits = importer.limits();
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            if (zf.size() > limits.maxZipEntries()) {
                throw StudioException.tooLarge("the zip has " + zf.size() + " entries, more than the limit of "
                        + limits.maxZipEntries() + "; split it");
            }
            List<ZipEntry> files = new ArrayList<>();
            long declared = 0;
            for (Enumeration<? extends ZipEntry> en = zf.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                refuseSlip(e.getName());
                if (e.isDirectory() || skipped(e.getName())) {
                    continue;
                }
                if (e.getSize() < 0) {
                    throw StudioException.badInput("zip entry '" + e.getName() + "' declares no size; re-create the "
                            + "zip with a standard tool");
                }
                declared += e.getSize();
                files.add(e);
            }
            if (declared > limits.maxUnzippedBytes()) {
                throw StudioException.tooLarge("the zip declares " + declared + " bytes uncompressed, more than the "
                        + "limit of " + limits.maxUnzippedBytes() + " (a zip bomb, or too much at once; split it)");
            }
            Outcome out = Outcome.empty();
            for (ZipEntry e : files) {
                entry(data, zf, e, out);
            }
            return out;
        } catch (ZipException e) {
            throw StudioException.badInput("not a readable zip (" + e.getMessage() + "); re-create it");
        } catch (IOException e) {
            throw StudioException.badInput("cannot read the zip (" + e.getMessage() + ")");
        }
    }

    private void entry(Dataset data, ZipFile zf, ZipEntry e, Outcome out) throws IOException {
        String name = e.getName();
        String[] parts = name.split("/");
        if (parts.length < 2) {
            out.refuse(name, "not inside a class folder; put each image in a folder named after its class");
            return;
        }
        if (e.getSize() > importer.limits().maxFileBytes()) {
            out.refuse(name, importer.check().tooBig(e.getSize()));
            return;
        }
        String cls;
        try {
            cls = data.ensureClass(parts[parts.length - 2]);
        } catch (StudioException ex) {
            out.refuse(name, ex.getMessage());
            return;
        }
        try (InputStream in = new DeclaredSizeStream(zf.getInputStream(e), e.getSize(), name)) {
            importer.add(data, cls, name, in, out); // the stored name's stem comes from the last segment
        } catch (DeclaredSizeStream.Overrun ex) {
            out.refuse(name, ex.getMessage());
        } catch (ZipException ex) {
            out.refuse(name, "damaged zip entry (" + ex.getMessage() + ")");
        }
    }

    /** An entry name that would land outside the folder it is extracted to refuses the whole zip. */
    static void refuseSlip(String name) {
        boolean bad = name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0
                || (name.length() > 1 && name.charAt(1) == ':');
        for (String seg : name.split("/")) {
            bad |= seg.equals("..");
        }
        if (bad) {
            throw StudioException.badInput("zip entry '" + name + "' points outside its folder (zip-slip); the zip "
                    + "was refused and nothing was extracted");
        }
    }

    /** Folders and files that archivers add and nobody means as images. */
    private static boolean skipped(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        String last = lower.substring(lower.lastIndexOf('/') + 1);
        return lower.startsWith("__macosx/") || last.startsWith(".") || last.equals("thumbs.db")
                || last.equals("desktop.ini");
    }
}
