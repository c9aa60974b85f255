package dev.graft.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Reads image folders with Spark's own sources, adding a {@code label} column taken from each
 * file's parent folder, as in the one-subfolder-per-class layout {@code graft train} reads.
 * Files are found recursively; only names ending in .jpg, .jpeg, .png, .bmp or .gif are kept.
 */
public final class GraftImages {
    /** The extensions read, lower case, as a regular expression over the path. */
    static final String IMAGE_NAMES = "(?i)\\.(jpe?g|png|bmp|gif)$";

    private GraftImages() {}

    /**
     * The {@code binaryFile} source: columns {@code path}, {@code modificationTime},
     * {@code length}, {@code content} (the encoded bytes) and {@code label}. Decoding happens in
     * the stages, so unreadable files become counted nulls there.
     */
    public static Dataset<Row> binaryFiles(SparkSession spark, String dir) {
        Dataset<Row> df = spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(dir);
        return df.where(df.col("path").rlike(IMAGE_NAMES)).withColumn("label", parent(df.col("path")));
    }

    /**
     * Spark's {@code image} source: a column {@code image} (origin, height, width, nChannels,
     * mode, data with BGR bytes) and {@code label}. Invalid files are kept, with an empty image,
     * so the stages count them instead of Spark dropping them silently.
     */
    public static Dataset<Row> imageFiles(SparkSession spark, String dir) {
        Dataset<Row> df = spark.read().format("image").option("dropInvalid", "false")
                .option("recursiveFileLookup", "true").load(dir);
        Column origin = df.col("image.origin");
        return df.where(origin.rlike(IMAGE_NAMES)).withColumn("label", parent(origin));
    }

    /** The name of the folder holding a file, from its path or URI. */
    static Column parent(Column path) {
        return functions.element_at(functions.split(path, "/"), -2);
    }
}
