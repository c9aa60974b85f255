package dev.graft.studio.project;

import dev.graft.studio.StudioException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The one folder the Studio writes to (default {@code ~/.graft/studio}): projects, their images,
 * runs and studies, and the staging area for uploads. Every path the Studio writes is checked by
 * {@link #checked} first, symbolic links resolved, so no request can write anywhere else.
 */
public final class Workspace {
    private final Path root;

    private Workspace(Path root) {
        this.root = root;
    }

    /**
     * The default workspace folder.
     *
     * @return {@code ~/.graft/studio}
     */
    public static Path defaultRoot() {
        return Path.of(System.getProperty("user.home"), ".graft", "studio");
    }

    /**
     * Opens a workspace, creating its folders when missing.
     *
     * @param dir the folder
     * @return the workspace
     * @throws StudioException when the folder cannot be created
     */
    public static Workspace open(Path dir) {
        try {
            Files.createDirectories(dir);
            Path real = dir.toRealPath();
            Files.createDirectories(real.resolve("projects"));
            Workspace w = new Workspace(real);
            // uploads staged by an earlier session that was killed mid-request
            if (Files.isDirectory(w.tmp())) {
                deleteTree(w.tmp());
            }
            Files.createDirectories(w.tmp());
            return w;
        } catch (IOException e) {
            throw StudioException.badInput("cannot use " + dir + " as the Studio's workspace (" + e.getMessage()
                    + "); give a writable folder with --workspace");
        }
    }

    public Path root() {
        return root;
    }

    public Path projects() {
        return root.resolve("projects");
    }

    /** Where uploads and zip entries are staged before they are checked. */
    public Path tmp() {
        return root.resolve(".tmp");
    }

    /**
     * The path, if it lies inside the workspace once {@code ..} and symbolic links are resolved
     * (for a path that does not exist yet: its nearest existing ancestor).
     *
     * @param p a path the Studio is about to write or delete
     * @return {@code p}, absolute and normalised
     * @throws StudioException FORBIDDEN when it lies outside
     */
    public Path checked(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        if (!abs.startsWith(root)) {
            throw outside(p);
        }
        Path existing = abs;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            if (existing == null || !existing.toRealPath().startsWith(root)) {
                throw outside(p);
            }
        } catch (IOException e) {
            throw outside(p);
        }
        return abs;
    }

    private static StudioException outside(Path p) {
        return StudioException.forbidden(p + " is outside the Studio's workspace; the Studio writes nowhere else");
    }

    /**
     * Deletes a folder and everything in it, without following symbolic links out of it.
     *
     * @param dir the folder
     */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + " (" + e.getMessage() + ")", e);
        }
    }
}
