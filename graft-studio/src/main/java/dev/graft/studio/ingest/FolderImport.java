package dev.graft.studio.ingest;

import dev.graft.studio.StudioException;
import dev.graft.studio.project.Dataset;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Imports an ImageFolder from this machine: each image's class is the folder it sits in
 * ({@code flowers/rose/1.jpg}, or {@code flowers/train/rose/1.jpg}). The folder is only read; its
 * images are copied into the project through the same checks as uploads.
 */
public final class FolderImport {
    /** Deep enough for {@code root/train/class/image}. */
    private static final int MAX_DEPTH = 4;
    private final Importer importer;

    public FolderImport(Importer importer) {
        this.importer = importer;
    }

    /**
     * Imports the images under {@code dir}.
     *
     * @param data the project's images; classes are made as needed
     * @param dir an absolute path to a folder on this machine
     * @return what was kept and refused, file by file
     */
    public Outcome run(Dataset data, String dir) {
        if (dir == null || dir.isBlank()) {
            throw StudioException.badInput("give the folder to import, such as /home/me/flowers");
        }
        Path root = Path.of(dir.strip());
        if (!root.isAbsolute()) {
            throw StudioException.badInput("'" + dir + "' is not an absolute path; give the full path of the folder");
        }
        if (!Files.isDirectory(root)) {
            throw StudioException.badInput(root + " is not a folder on the machine running the Studio");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(root, MAX_DEPTH)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().limit(importer.limits().maxZipEntries() + 1L).toList();
        } catch (IOException | UncheckedIOException e) {
            throw StudioException.badInput("cannot read " + root + " (" + e.getMessage() + ")");
        }
        if (files.size() > importer.limits().maxZipEntries()) {
            throw StudioException.tooLarge(root + " holds more than " + importer.limits().maxZipEntries()
                    + " files; import its class folders in parts");
        }
        Outcome out = Outcome.empty();
        for (Path f : files) {
            String rel = root.relativize(f).toString();
            if (f.getParent().equals(root)) {
                out.refuse(rel, "not inside a class folder; put each image in a folder named after its class");
                continue;
            }
            String cls;
            try {
                cls = data.ensureClass(f.getParent().getFileName().toString());
            } catch (StudioException e) {
                out.refuse(rel, e.getMessage());
                continue;
            }
            try (InputStream in = Files.newInputStream(f)) {
                importer.add(data, cls, rel, in, out);
            } catch (IOException e) {
                out.refuse(rel, "cannot read it (" + e.getMessage() + ")");
            }
        }
        return out;
    }
}
