package dev.graft.source;

import dev.graft.data.CsvImages;
import dev.graft.data.DataConfig;
import dev.graft.data.DataException;
import dev.graft.data.ImageSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Images listed in a CSV file of {@code path,label} rows (see {@link CsvImages} for the format).
 * Relative paths resolve against the CSV's folder. A bad row is an error naming the file and line.
 * For training, a stratified, seeded share of each class is held out for validation; for
 * evaluation, every row counts.
 */
public final class CsvFile implements DataSource {
    private final Path file;
    private final int perClass;
    private final int valPerClass;
    private final double valFraction;

    private CsvFile(Builder b) {
        this.file = b.file;
        this.perClass = b.perClass;
        this.valPerClass = b.valPerClass;
        this.valFraction = b.valFraction;
    }

    /**
     * A CSV file with every option at its default.
     *
     * @param file the {@code .csv} file
     * @return the source
     * @throws DataException when the file does not exist
     */
    public static CsvFile of(Path file) {
        return builder().setFile(file).build();
    }

    /**
     * A builder for a CSV file with options.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The CSV file.
     *
     * @return the file
     */
    public Path file() {
        return file;
    }

    @Override
    public DataConfig toDataConfig(long seed, int threads) {
        return new DataConfig(file.toString(), null, perClass, valPerClass, valFraction, seed, threads);
    }

    /** Every row, labelled by the model's classes; a label the model does not know is an error naming its line. */
    @Override
    public ImageSource testImages(List<String> labels, int threads) {
        return CsvImages.open(file, labels, threads);
    }

    @Override
    public String toString() {
        return "CsvFile " + file;
    }

    /** Builds a {@link CsvFile}; {@link #setFile} is required. */
    public static final class Builder extends SplitBuilder<Builder> {
        private Path file;

        private Builder() {}

        /**
         * The CSV file of {@code path,label} rows.
         *
         * @param file a file whose name ends in {@code .csv}; required
         * @return this builder
         */
        public Builder setFile(Path file) {
            this.file = file;
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
         * @throws IllegalArgumentException when the file is missing or an option is out of range
         * @throws DataException when the file does not exist or is not named {@code .csv}
         */
        public CsvFile build() {
            if (file == null) {
                throw new IllegalArgumentException("CsvFile: setFile is required");
            }
            if (!Files.isRegularFile(file)) {
                throw new DataException(file + ": no such CSV file; give a file of path,label rows");
            }
            if (!CsvImages.isCsv(file)) {
                throw new DataException(file + ": name the file with a .csv extension; Graft reads a data file of that name "
                        + "as a CSV of path,label rows");
            }
            validateSplit("CsvFile " + file);
            return new CsvFile(this);
        }
    }
}
