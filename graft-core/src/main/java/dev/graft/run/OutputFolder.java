package dev.graft.run;

import dev.graft.check.Checks;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The folder a command writes its results into (a run, a study), prepared so that a mistake never
 * costs an input or a file Graft did not write. The rules, in the order they apply:
 *
 * <ol>
 *   <li>Every input is checked before this class is asked for a folder, and {@link #prepare}
 *       deletes nothing: it only checks and creates.
 *   <li>Paths are compared by their real path: {@code out} may not be an input, lie inside an input
 *       folder, or hold an input, however symbolic links spell them. An empty {@code out} is refused.
 *   <li>A new or empty folder is written in place.
 *   <li>An existing one is replaced only with {@code force}, only when {@link FolderKind} recognises
 *       it and everything in it as Graft's, and only at the end: the new folder is written into the
 *       staging sibling {@code .NAME.graft-new}, and {@link #commit} swaps it in (the old folder is
 *       renamed to {@code .NAME.graft-old}, the new one into place, then the old one's files are
 *       deleted). A command that fails or is stopped never commits, so the old folder stays intact;
 *       a resumable run finds its checkpoint in the staging sibling ({@link #resume}) and commits
 *       when it finishes.
 * </ol>
 */
public final class OutputFolder {
    static final String STAGING = ".graft-new";
    static final String OLD = ".graft-old";

    private final Path out;
    private final Path dir;
    private final FolderKind kind;

    private OutputFolder(Path out, Path dir, FolderKind kind) {
        this.out = out;
        this.dir = dir;
        this.kind = kind;
    }

    /** Refuses a missing or empty output path, which would mean the current directory. */
    public static Path checkOut(Path out) {
        Checks.require(out != null && !out.toString().isBlank(), "out", "a folder path (not empty)",
                out == null ? "nothing" : "'" + out + "'");
        return out;
    }

    /**
     * Checks that {@code out} may receive a new folder of {@code kind} and creates where to write
     * it: {@code out} itself when it is new or empty, else (with {@code force}) its staging sibling.
     *
     * @param inputs what the command reads, by name (such as {@code weights}, {@code data}), as
     *     local paths; a path that does not exist is skipped
     * @throws RunException naming the folder, what is in the way and what to do
     */
    public static OutputFolder prepare(Path out, boolean force, FolderKind kind, Map<String, Path> inputs) {
        Path abs = checkOut(out).toAbsolutePath().normalize();
        try {
            recover(abs, kind);
            checkInputs(abs, inputs);
            Path staging = staging(abs);
            boolean exists = Files.exists(abs, LinkOption.NOFOLLOW_LINKS);
            if (exists && !Files.isDirectory(abs)) {
                throw new RunException(out + ": exists and is not a folder; choose another `out`");
            }
            if (!exists || FolderKind.isEmpty(abs)) {
                if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
                    if (!force) {
                        throw new RunException(out + ": an unfinished replacement waits in " + staging
                                + "; continue it with `resume` " + out + ", or add `force` to discard it");
                    }
                    remove(staging, kind);
                }
                Files.createDirectories(abs);
                return new OutputFolder(abs, abs, kind);
            }
            if (!force && !kind.recognises(abs)) {
                throw new RunException(out + ": is not empty and not a Graft " + kind.what() + " folder; choose "
                        + "another `out`");
            }
            if (!force) {
                throw new RunException(out + ": already holds a " + kind.what() + "; choose another `out`, or add "
                        + "`force` to replace it" + (Files.isRegularFile(abs.resolve(RunDir.CHECKPOINT))
                        || Files.exists(staging, LinkOption.NOFOLLOW_LINKS) ? ", or continue it with `resume` " + out
                        : "") + (Files.exists(staging, LinkOption.NOFOLLOW_LINKS) ? " (an unfinished replacement "
                        + "waits in " + staging + ")" : ""));
            }
            if (Files.isSymbolicLink(abs)) {
                throw new RunException(out + ": is a symbolic link to " + abs.toRealPath() + "; `force` replaces only "
                        + "a real folder, so give that path instead");
            }
            refuseForeign(abs, kind, out + " was not replaced");
            if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
                remove(staging, kind);
            }
            Files.createDirectories(staging);
            Files.writeString(staging.resolve(FolderKind.STAGING_MARKER), "{\"format\": 1}\n");
            return new OutputFolder(abs, staging, kind);
        } catch (IOException e) {
            throw new RunException(out + ": cannot prepare (" + dev.graft.io.AtomicFiles.reason(e) + ")");
        }
    }

    /**
     * The folder an interrupted command continues in: the staging sibling when a replacement of
     * {@code out} was interrupted and {@code resumable} accepts it, else {@code out} itself.
     */
    public static OutputFolder resume(Path out, FolderKind kind, java.util.function.Predicate<Path> resumable) {
        Path abs = checkOut(out).toAbsolutePath().normalize();
        String name = abs.getFileName() == null ? "" : abs.getFileName().toString();
        if (name.startsWith(".") && name.endsWith(STAGING) && name.length() > STAGING.length() + 1) {
            // the staging folder itself was named, as a stopped replacement prints it: continue its replacement
            abs = abs.resolveSibling(name.substring(1, name.length() - STAGING.length()));
        }
        recoverQuietly(abs, kind);
        Path staging = staging(abs);
        return new OutputFolder(abs, Files.isDirectory(staging) && resumable.test(staging) ? staging : abs, kind);
    }

    /** Where the results go in the end. */
    public Path out() {
        return out;
    }

    /** Where to write now: {@link #out()}, or its staging sibling while replacing it. */
    public Path dir() {
        return dir;
    }

    /** Whether this replaces an existing folder at {@link #commit}. */
    public boolean replaces() {
        return !dir.equals(out);
    }

    /**
     * Swaps a finished replacement in: the old folder (checked again to hold only Graft's files)
     * moves aside, the new one into place, and the old one is deleted. Nothing to do when writing
     * in place.
     */
    public void commit() {
        if (!replaces()) {
            return;
        }
        try {
            if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
                refuseForeign(out, kind, "the new " + kind.what() + " is complete in " + dir
                        + "; move that away, then rename " + dir + " to " + out);
            }
            Path old = old(out);
            if (Files.exists(old, LinkOption.NOFOLLOW_LINKS)) {
                remove(old, kind);
            }
            if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
                move(out, old);
            }
            Files.deleteIfExists(dir.resolve(FolderKind.STAGING_MARKER));
            move(dir, out);
            if (Files.exists(old, LinkOption.NOFOLLOW_LINKS)) {
                remove(old, kind);
            }
        } catch (IOException e) {
            throw new RunException(out + ": cannot swap in the new " + kind.what() + " from " + dir + " ("
                    + dev.graft.io.AtomicFiles.reason(e) + ")");
        }
    }

    /** The staging sibling of {@code out}, where a replacement is written. */
    public static Path staging(Path out) {
        Path abs = out.toAbsolutePath().normalize();
        return abs.resolveSibling("." + abs.getFileName() + STAGING);
    }

    static Path old(Path out) {
        Path abs = out.toAbsolutePath().normalize();
        return abs.resolveSibling("." + abs.getFileName() + OLD);
    }

    /**
     * Finishes a swap a crash interrupted: when {@code out} is missing but the old folder was moved
     * aside, the new one (complete, since the swap had begun) or else the old one goes back.
     */
    static void recover(Path out, FolderKind kind) throws IOException {
        Path abs = out.toAbsolutePath().normalize();
        Path old = old(abs);
        if (abs.getFileName() == null || Files.exists(abs, LinkOption.NOFOLLOW_LINKS)
                || !Files.isDirectory(old, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path staging = staging(abs);
        if (Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)) {
            move(staging, abs);
            if (kind.foreignEntry(old).isEmpty()) {
                remove(old, kind);
            }
        } else {
            move(old, abs);
        }
    }

    /** {@link #recover}, reporting a failure as a {@link RunException}. */
    static void recoverQuietly(Path out, FolderKind kind) {
        try {
            recover(out, kind);
        } catch (IOException e) {
            throw new RunException(out + ": an interrupted replacement cannot be finished ("
                    + dev.graft.io.AtomicFiles.reason(e) + ")");
        }
    }

    private static void checkInputs(Path out, Map<String, Path> inputs) throws IOException {
        Path realOut = realPath(out);
        for (Map.Entry<String, Path> e : inputs.entrySet()) {
            Path in = e.getValue();
            if (in == null || !Files.exists(in)) {
                continue;
            }
            Path realIn = in.toRealPath();
            String what = e.getKey() + " " + in;
            if (realIn.equals(realOut)) {
                throw new RunException(out + ": is the same folder as " + what + " (" + realIn + "); choose another "
                        + "`out`, since writing there would destroy what is read");
            }
            if (realIn.startsWith(realOut)) {
                throw new RunException(what + " lies inside `out` " + out + ", which would be written over; move it "
                        + "out of there, or choose another `out`");
            }
            if (Files.isDirectory(realIn) && realOut.startsWith(realIn)) {
                throw new RunException(out + ": lies inside " + what + "; choose an `out` outside it");
            }
        }
    }

    /** The real path of {@code p}, resolving the part that exists (a new folder's parents). */
    static Path realPath(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? abs : existing.toRealPath().resolve(existing.relativize(abs));
    }

    private static void refuseForeign(Path dir, FolderKind kind, String consequence) throws IOException {
        Optional<String> foreign = kind.foreignEntry(dir);
        if (foreign.isPresent()) {
            throw new RunException(foreign.get() + "; `force` replaces only what Graft wrote, so " + consequence
                    + ": move it away, or choose another `out`");
        }
    }

    /** Deletes a folder that holds only Graft's files (checked here), sub-folders included. */
    private static void remove(Path dir, FolderKind kind) throws IOException {
        refuseForeign(dir, kind, dir + " was kept");
        for (String sub : kind.folders().keySet()) {
            Path p = dir.resolve(sub);
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                deleteEntries(p);
                Files.delete(p);
            }
        }
        deleteEntries(dir);
        Files.delete(dir);
    }

    private static void deleteEntries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.delete(p);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}
