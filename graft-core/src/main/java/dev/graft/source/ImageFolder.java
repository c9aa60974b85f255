package dev.graft.source;

import dev.graft.data.DataConfig;
import dev.graft.data.DataException;
import dev.graft.data.Datasets;
import dev.graft.data.ImageSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Images in torchvision's ImageFolder layout: one subfolder per class, named by the class. A
 * folder with {@code train/} (and optionally {@code val/} and {@code test/}) subfolders uses them;
 * otherwise a stratified, seeded share of each class is held out for validation. Unreadable files
 * are skipped, counted and listed, never fatal.
 */
public final class ImageFolder implements DataSource {
    private final Path root;
    private final int perClass;
    private final int valPerClass;
    private final double valFraction;

    private ImageFolder(Builder b) {
        this.root = b.root;
        this.perClass = b.perClass;
        this.valPerClass = b.valPerClass;
        this.valFraction = b.valFraction;
    }

    /**
     * A folder with every option at its default.
     *
     * @param root the folder
     * @return the source
     * @throws DataException when the folder does not exist
     */
    public static ImageFolder of(Path root) {
        return builder().setRoot(root).build();
    }

    /**
     * A builder for a folder with options.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The folder.
     *
     * @return the root folder
     */
    public Path root() {
        return root;
    }

    @Override
    public DataConfig toDataConfig(long seed, int threads) {
        return new DataConfig(root.toString(), null, perClass, valPerClass, valFraction, seed, threads);
    }

    /** Its {@code test/} subfolder when present, else {@code val/}, else the whole folder. */
    @Override
    public ImageSource testImages(List<String> labels, int threads) {
        return Datasets.folderTest(root, labels, threads);
    }

    @Override
    public String toString() {
        return "ImageFolder " + root;
    }

    /** Builds an {@link ImageFolder}; {@link #setRoot} is required. */
    public static final class Builder extends SplitBuilder<Builder> {
        private Path root;

        private Builder() {}

        /**
         * The folder holding one subfolder per class (or {@code train/}, {@code val/}, {@code test/}).
         *
         * @param root the folder; required
         * @return this builder
         */
        public Builder setRoot(Path root) {
            this.root = root;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Checks the options and builds the source.
         *
         * @return the source
         * @throws IllegalArgumentException when the root is missing or an option is out of range
         * @throws DataException when the folder does not exist
         */
        public ImageFolder build() {
            if (root == null) {
                throw new IllegalArgumentException("ImageFolder: setRoot is required");
            }
            if (!Files.isDirectory(root)) {
                throw new DataException(root + ": no such folder; give a folder with one subfolder per class");
            }
            validateSplit("ImageFolder " + root);
            return new ImageFolder(this);
        }
    }
}
