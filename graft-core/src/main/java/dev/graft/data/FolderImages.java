package dev.graft.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Images in torchvision's ImageFolder layout: one subfolder per class, named by the class, holding
 * JPEG, PNG, BMP or GIF files. Opening decodes every file once, in parallel, so unreadable files
 * are found before training starts: they are skipped, counted and listed, never fatal.
 */
public final class FolderImages extends FileImages {
    private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp", ".gif");

    private final Path root;

    private FolderImages(Path root, List<Path> files, int[] labelIds, List<String> labels, List<String> skipped,
            ImageLimits limits) {
        super(root, root.toString(), files, labelIds, labels, skipped, limits);
        this.root = root;
    }

    /**
     * Scans and validates a folder within the default {@link ImageLimits}.
     *
     * @param expectedLabels the class names to use, in order, or null to take the sorted subfolders
     */
    public static FolderImages open(Path root, List<String> expectedLabels, int threads) {
        return open(root, expectedLabels, threads, ImageLimits.fromEnvironment());
    }

    /**
     * Scans and validates a folder; images past {@code limits} are skipped and counted like corrupt ones.
     *
     * @param expectedLabels the class names to use, in order, or null to take the sorted subfolders
     */
    public static FolderImages open(Path root, List<String> expectedLabels, int threads, ImageLimits limits) {
        if (!Files.exists(root)) {
            throw new DataException(root + ": no such folder; give a folder with one subfolder per class");
        }
        if (!Files.isDirectory(root)) {
            throw new DataException(root + ": not a folder; give a folder with one subfolder per class");
        }
        List<String> classes = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().forEach(classes::add);
        } catch (IOException e) {
            throw new DataException(root + ": cannot list (" + e.getMessage() + ")", e);
        }
        if (classes.isEmpty()) {
            throw new DataException(root + ": no class subfolders; lay images out as " + root + "/<class>/<image>.jpg");
        }
        List<String> labels = expectedLabels == null ? classes : expectedLabels;
        if (expectedLabels != null) {
            for (String c : classes) {
                if (!expectedLabels.contains(c)) {
                    throw new DataException(root + ": class folder '" + c + "' is not one of the model's classes "
                            + expectedLabels + "; rename it or retrain with it");
                }
            }
        }
        List<Path> candidates = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (String c : classes) {
            Path dir = root.resolve(c);
            List<Path> found = new ArrayList<>();
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(Files::isRegularFile).filter(FolderImages::isImageName).sorted().forEach(found::add);
            } catch (IOException e) {
                throw new DataException(dir + ": cannot list (" + e.getMessage() + ")", e);
            }
            for (Path f : found) {
                candidates.add(f);
                ids.add(labels.indexOf(c));
            }
        }
        List<String> skipped = new ArrayList<>();
        boolean[] ok = validate(candidates, threads, skipped, limits);
        List<Path> files = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (ok[i]) {
                files.add(candidates.get(i));
                kept.add(ids.get(i));
            }
        }
        int[] labelIds = kept.stream().mapToInt(Integer::intValue).toArray();
        FolderImages out = new FolderImages(root, files, labelIds, List.copyOf(labels), skipped, limits);
        if (expectedLabels == null) {
            int[] counts = out.classCounts();
            for (int c = 0; c < counts.length; c++) {
                if (counts[c] == 0) {
                    String dir = root.resolve(labels.get(c)).toString();
                    String why = skipped.stream().filter(s -> s.startsWith(dir + java.io.File.separator)).findFirst()
                            .map(s -> " (skipped " + s + ")").orElse("");
                    throw new DataException(dir + ": class '" + labels.get(c) + "' has no readable images" + why
                            + "; add some or remove the folder");
                }
            }
        }
        return out;
    }

    static boolean isImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.startsWith(".")) {
            return false;
        }
        for (String e : EXTENSIONS) {
            if (n.endsWith(e)) {
                return true;
            }
        }
        return false;
    }

    /** Decodes every file once, in parallel; true where it decoded, else its reason goes to {@code skipped}. */
    static boolean[] validate(List<Path> files, int threads, List<String> skipped, ImageLimits limits) {
        boolean[] ok = new boolean[files.size()];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "graft-scan");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<String>> results = new ArrayList<>();
            for (Path f : files) {
                results.add(pool.submit(() -> {
                    try {
                        ImageDecoder.decode(f, limits);
                        return null;
                    } catch (IOException | RuntimeException e) {
                        return f + ": " + e.getMessage();
                    }
                }));
            }
            for (int i = 0; i < files.size(); i++) {
                String err = results.get(i).get();
                ok[i] = err == null;
                if (err != null) {
                    skipped.add(err);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException("interrupted while scanning images", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new DataException("scanning images failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return ok;
    }

    public Path root() {
        return root;
    }
}
