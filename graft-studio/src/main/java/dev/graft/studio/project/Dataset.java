package dev.graft.studio.project;

import dev.graft.studio.StudioException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A project's images: one folder per class under {@link Project#data()}, the layout training reads
 * directly. Every name is checked by {@link Names} and every path by {@link Workspace#checked}
 * before it is touched. Changes to one project are serialised.
 */
public final class Dataset {
    private final Workspace workspace;
    private final Project project;
    private final Object lock;

    Dataset(Workspace workspace, Project project, Object lock) {
        this.workspace = workspace;
        this.project = project;
        this.lock = lock;
    }

    /**
     * A class and how many images it holds.
     *
     * @param name the class name, which is its folder's name
     * @param count its images
     */
    public record ClassInfo(String name, int count) {}

    public Project project() {
        return project;
    }

    /** The classes, sorted by name (the order a trained model's outputs follow). */
    public List<ClassInfo> classes() {
        List<ClassInfo> out = new ArrayList<>();
        for (String c : classNames()) {
            out.add(new ClassInfo(c, images(c).size()));
        }
        return out;
    }

    /** The class names, sorted. */
    public List<String> classNames() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(project.data())) {
            return out;
        }
        try (Stream<Path> s = Files.list(project.data())) {
            s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + project.data() + " (" + e.getMessage() + ")", e);
        }
        return out;
    }

    public void addClass(String name) {
        String n = Names.className(name);
        synchronized (lock) {
            refuseClash(n, null);
            mkdirs(classDir(n));
        }
    }

    public void renameClass(String from, String to) {
        String f = existingClass(from);
        String t = Names.className(to);
        synchronized (lock) {
            if (f.equals(t)) {
                return;
            }
            refuseClash(t, f);
            try {
                Files.move(classDir(f), workspace.checked(project.data().resolve(t)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot rename class '" + f + "' (" + e.getMessage() + ")", e);
            }
        }
    }

    /** Deletes a class with all its images. */
    public void deleteClass(String name) {
        String n = existingClass(name);
        synchronized (lock) {
            Workspace.deleteTree(classDir(n));
        }
    }

    /** The image file names of a class, sorted. */
    public List<String> images(String cls) {
        Path dir = project.data().resolve(Names.className(cls));
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + " (" + e.getMessage() + ")", e);
        }
        return out;
    }

    /**
     * An existing image file.
     *
     * @throws StudioException NOT_FOUND when the class or the image does not exist
     */
    public Path image(String cls, String img) {
        Path f = classDir(existingClass(cls)).resolve(Names.imageName(img));
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            throw StudioException.notFound("no image '" + img + "' in class '" + cls + "'; it may have been moved");
        }
        return workspace.checked(f);
    }

    /**
     * Moves a checked file into a class under a fresh name.
     *
     * @param cls the class, which must exist
     * @param stem the file name's stem (see {@link Names#stem})
     * @param extension the extension of the sniffed type, without the dot
     * @param staged the checked file, inside the workspace; moved, not copied
     * @return the stored name
     */
    public String store(String cls, String stem, String extension, Path staged) {
        String c = existingClass(cls);
        synchronized (lock) {
            String name = freeName(c, stem, extension);
            try {
                Files.move(workspace.checked(staged), workspace.checked(classDir(c).resolve(name)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store " + name + " (" + e.getMessage() + ")", e);
            }
            return name;
        }
    }

    /** Makes the class when missing (imports name classes by their folders). */
    public String ensureClass(String name) {
        String n = Names.className(name);
        synchronized (lock) {
            for (String c : classNames()) {
                if (c.equals(n)) {
                    return c;
                }
            }
            refuseClash(n, null);
            mkdirs(classDir(n));
            return n;
        }
    }

    /**
     * Relabels an image: moves it to another class, renaming it if that class has the name taken.
     *
     * @return the image's name in its new class
     */
    public String move(String cls, String img, String toClass) {
        String to = existingClass(toClass);
        synchronized (lock) {
            Path from = image(cls, img);
            if (existingClass(cls).equals(to)) {
                return img;
            }
            int dot = img.lastIndexOf('.');
            String name = freeName(to, img.substring(0, dot), img.substring(dot + 1));
            try {
                Files.move(from, workspace.checked(classDir(to).resolve(name)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot move " + img + " (" + e.getMessage() + ")", e);
            }
            return name;
        }
    }

    public void delete(String cls, String img) {
        synchronized (lock) {
            try {
                Files.delete(image(cls, img));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + img + " (" + e.getMessage() + ")", e);
            }
        }
    }

    /** The class's folder name as stored, or NOT_FOUND. */
    public String existingClass(String cls) {
        String n = Names.className(cls);
        if (!Files.isDirectory(project.data().resolve(n), LinkOption.NOFOLLOW_LINKS)) {
            throw StudioException.notFound("no class '" + n + "' in project '" + project.name() + "'");
        }
        return n;
    }

    private Path classDir(String cls) {
        return workspace.checked(project.data().resolve(cls));
    }

    private void refuseClash(String name, String except) {
        for (String c : classNames()) {
            if (!c.equals(except) && Names.fold(c).equals(Names.fold(name))) {
                throw StudioException.conflict("a class named '" + c + "' already exists; choose another name");
            }
        }
    }

    private String freeName(String cls, String stem, String ext) {
        Path dir = classDir(cls);
        List<String> taken = images(cls).stream().map(Names::fold).toList();
        String name = stem + "." + ext;
        for (int i = 2; taken.contains(Names.fold(name)) || Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS);
                i++) {
            name = stem + "-" + i + "." + ext;
        }
        return name;
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Copies the images as they are now into {@code target} (hard links where the file system has
     * them), so a training run reads a set that later uploads, moves and deletes cannot change.
     *
     * @param target a new folder inside the workspace
     * @return how many images were copied
     */
    public int snapshot(Path target) {
        synchronized (lock) {
            int n = 0;
            for (String c : classNames()) {
                Path dir = workspace.checked(target.resolve(c));
                mkdirs(dir);
                for (String img : images(c)) {
                    Path src = project.data().resolve(c).resolve(img);
                    try {
                        try {
                            Files.createLink(dir.resolve(img), src);
                        } catch (UnsupportedOperationException | IOException e) {
                            Files.copy(src, dir.resolve(img), StandardCopyOption.REPLACE_EXISTING);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot copy " + src + " (" + e.getMessage() + ")", e);
                    }
                    n++;
                }
            }
            return n;
        }
    }
}
