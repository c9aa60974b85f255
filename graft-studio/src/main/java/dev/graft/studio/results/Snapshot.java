package dev.graft.studio.results;

import dev.graft.data.FolderImages;
import dev.graft.data.Splits;
import dev.graft.studio.StudioException;
import dev.graft.studio.project.Dataset;
import dev.graft.studio.project.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Freezes a project's images for one run: hard links (copies where links are not possible) in
 * {@code train/<class>/} and {@code val/<class>/}, the validation share drawn by the library's
 * stratified, seeded split. Training reads the folder as it is, so uploads, moves and deletes made
 * while it trains, or before a resume, cannot change what it sees, and the review knows exactly
 * which images were held out.
 */
final class Snapshot {
    /** A fifth of each class validates, as {@code graft train} holds out for a plain folder. */
    static final double VAL_FRACTION = 0.2;

    /** At least this many images per class, so each class has one to train on and one to validate. */
    static final int MIN_PER_CLASS = 2;

    private Snapshot() {}

    /** Refuses data a run cannot train on, before anything is queued. */
    static void checkTrainable(Dataset data) {
        List<Dataset.ClassInfo> classes = data.classes();
        if (classes.size() < 2) {
            throw StudioException.badInput("a classifier needs at least two classes; this project has "
                    + classes.size() + ". Add classes in the Data tab");
        }
        for (Dataset.ClassInfo c : classes) {
            if (c.count() < MIN_PER_CLASS) {
                throw StudioException.badInput("class '" + c.name() + "' has " + c.count() + " image(s); each class "
                        + "needs at least " + MIN_PER_CLASS + " (one to train on, one to validate). Add images or "
                        + "delete the class");
            }
        }
    }

    /**
     * Makes the snapshot.
     *
     * @param ws the workspace
     * @param data the project's images
     * @param target the run's {@code data} folder, new
     * @param seed the split's seed
     * @param threads decoding threads for the readability scan
     * @return the images in train and val
     */
    static int[] make(Workspace ws, Dataset data, Path target, long seed, int threads) {
        Path all = target.resolveSibling("data-all");
        data.snapshot(ws.checked(all));
        try {
            FolderImages images = FolderImages.open(all, null, threads);
            int[][] split = Splits.stratified(images, VAL_FRACTION, seed);
            place(ws, images, split[0], target.resolve("train"));
            place(ws, images, split[1], target.resolve("val"));
            // keep every class folder in val/, even one that got no image, so labels match train/
            for (String c : images.labels()) {
                Files.createDirectories(ws.checked(target.resolve("val").resolve(c)));
            }
            return new int[] {split[0].length, split[1].length};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the run's images (" + e.getMessage() + ")", e);
        } finally {
            Workspace.deleteTree(ws.checked(all));
        }
    }

    private static void place(Workspace ws, FolderImages images, int[] indices, Path dir) throws IOException {
        for (int i : indices) {
            Path src = images.file(i);
            Path cls = ws.checked(dir.resolve(images.labels().get(images.label(i))));
            Files.createDirectories(cls);
            Path dst = ws.checked(cls.resolve(src.getFileName().toString()));
            try {
                Files.createLink(dst, src);
            } catch (UnsupportedOperationException | IOException e) {
                Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
