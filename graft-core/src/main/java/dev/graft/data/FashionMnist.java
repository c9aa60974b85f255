package dev.graft.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST (Zalando, MIT licence) from the IDX files Debian's {@code dataset-fashion-mnist}
 * installs: 60,000 training and 10,000 test images, 28×28 grey, ten balanced classes.
 */
public final class FashionMnist {
    /** The class names, by label. */
    public static final List<String> LABELS = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Where Debian installs the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    private FashionMnist() {}

    /** The directory to read: {@code GRAFT_FASHION_MNIST} if set, else Debian's. */
    public static Path defaultDir() {
        String env = System.getenv("GRAFT_FASHION_MNIST");
        return env == null || env.isBlank() ? DEBIAN_DIR : Path.of(env);
    }

    /** Loads the {@code train} or {@code t10k} split. */
    public static InMemoryImages load(Path dir, String split) {
        Path images = dir.resolve(split + "-images-idx3-ubyte.gz");
        Path labels = dir.resolve(split + "-labels-idx1-ubyte.gz");
        if (!Files.isRegularFile(images) || !Files.isRegularFile(labels)) {
            throw new DataException("Fashion-MNIST not found in " + dir + " (need " + images.getFileName() + " and "
                    + labels.getFileName() + "); install it with 'apt-get install dataset-fashion-mnist'"
                    + " or point GRAFT_FASHION_MNIST at a folder holding the IDX files");
        }
        try (DataInputStream in = open(images); DataInputStream lin = open(labels)) {
            int magic = in.readInt();
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (magic != 0x803 || lin.readInt() != 0x801 || lin.readInt() != n) {
                throw new DataException(images + ": not an IDX image file matching " + labels.getFileName()
                        + "; reinstall dataset-fashion-mnist");
            }
            byte[] px = new byte[n * rows * cols];
            in.readFully(px);
            byte[] lb = new byte[n];
            lin.readFully(lb);
            int[] ids = new int[n];
            for (int i = 0; i < n; i++) {
                ids[i] = lb[i];
            }
            return new InMemoryImages("fashion-mnist/" + split, cols, rows, 1, px, ids, LABELS);
        } catch (IOException e) {
            throw new DataException(images + ": cannot read (" + e.getMessage() + "); reinstall dataset-fashion-mnist", e);
        }
    }

    private static DataInputStream open(Path p) throws IOException {
        InputStream raw = Files.newInputStream(p);
        return new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
    }
}
