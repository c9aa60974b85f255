package dev.graft.pretrain.ssl;

import dev.graft.data.DataException;
import dev.graft.data.ImageDecoder;
import dev.graft.data.ImageSource;
import dev.graft.data.RawImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Every image under a folder, at any depth, without labels (all of them class 0, {@code unlabeled}):
 * what SimCLR trains on when a folder has no class subfolders. Files that do not decode are
 * reported by the loader and skipped, as for labeled folders.
 */
public final class UnlabeledFolder implements ImageSource {
    private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp", ".gif");
    private final Path root;
    private final List<Path> files;

    private UnlabeledFolder(Path root, List<Path> files) {
        this.root = root;
        this.files = files;
    }

    /** Lists the images under {@code root}, sorted by path so the order is the same everywhere. */
    public static UnlabeledFolder open(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DataException(root + ": no such folder; give a folder of images (any layout) to `data`");
        }
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> files = s.filter(Files::isRegularFile).filter(p -> EXTENSIONS.stream()
                    .anyMatch(e -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e))).sorted().toList();
            if (files.isEmpty()) {
                throw new DataException(root + ": no .jpg, .png, .bmp or .gif images in it or below it");
            }
            return new UnlabeledFolder(root, files);
        } catch (IOException e) {
            throw new DataException(root + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    /** Whether {@code root} is a folder without class subfolders (images directly in it, or nothing else). */
    public static boolean isFlat(Path root) {
        try (Stream<Path> s = Files.list(root)) {
            return s.noneMatch(Files::isDirectory);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public int label(int i) {
        return 0;
    }

    @Override
    public List<String> labels() {
        return List.of("unlabeled");
    }

    @Override
    public RawImage image(int i) throws IOException {
        return ImageDecoder.decode(files.get(i));
    }

    @Override
    public String describe(int i) {
        return files.get(i).toString();
    }

    @Override
    public String fingerprint() {
        return String.format("%016x", (root.toString() + files.size() + files.get(0) + files.get(files.size() - 1))
                .hashCode() * 0x9E3779B97F4A7C15L);
    }
}
