package dev.graft.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Reads image folders with Spark's own sources, adding a {@code label} column taken from each
 * file's parent folder, as in the one-subfolder-per-class layout {@code graft train} reads.
 * Files are found recursively; only names ending in .jpg, .jpeg, .png, .bmp or .gif are kept.
 * Zero-byte files, which Spark's sources drop silently, are added back as empty rows, so they are
 * counted and reported as unreadable like any broken image.
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
        List<Row> empty = new ArrayList<>();
        for (FileStatus f : emptyImages(spark, dir)) {
            empty.add(RowFactory.create(f.getPath().toString(), new Timestamp(f.getModificationTime()), 0L, new byte[0]));
        }
        df = df.union(spark.createDataFrame(empty, df.schema()));
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
        List<Row> empty = new ArrayList<>();
        for (FileStatus f : emptyImages(spark, dir)) {
            // Spark's own row for an invalid image: unknown size and mode, no data
            empty.add(RowFactory.create(RowFactory.create(f.getPath().toString(), -1, -1, -1, -1, new byte[0])));
        }
        df = df.union(spark.createDataFrame(empty, df.schema()));
        Column origin = df.col("image.origin");
        return df.where(origin.rlike(IMAGE_NAMES)).withColumn("label", parent(origin));
    }

    /**
     * The zero-byte image files under {@code dir} (a path or glob, searched recursively, skipping
     * the hidden and {@code _} names Spark skips). Spark's file sources drop zero-byte files before
     * any stage sees them; listed here, they become rows that the stages count as unreadable, like
     * any broken image.
     */
    static List<FileStatus> emptyImages(SparkSession spark, String dir) {
        List<FileStatus> out = new ArrayList<>();
        try {
            Path root = new Path(dir);
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            FileStatus[] matches = fs.globStatus(root);
            for (FileStatus m : matches == null ? new FileStatus[0] : matches) {
                if (m.isFile()) {
                    addIfEmptyImage(m, m.getPath().getName(), out);
                    continue;
                }
                int depth = m.getPath().depth();
                RemoteIterator<LocatedFileStatus> it = fs.listFiles(m.getPath(), true);
                while (it.hasNext()) {
                    LocatedFileStatus f = it.next();
                    if (!hiddenBelow(f.getPath(), depth)) {
                        addIfEmptyImage(f, f.getPath().getName(), out);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
        return out;
    }

    private static void addIfEmptyImage(FileStatus f, String name, List<FileStatus> out) {
        if (f.getLen() == 0 && Pattern.compile(IMAGE_NAMES).matcher(name).find()) {
            out.add(f);
        }
    }

    /** Whether a path component below the root's depth starts with {@code .} or {@code _}, as Spark skips. */
    private static boolean hiddenBelow(Path p, int rootDepth) {
        for (Path q = p; q != null && q.depth() > rootDepth; q = q.getParent()) {
            String n = q.getName();
            if (n.startsWith(".") || n.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    /** The name of the folder holding a file, from its path or URI. */
    static Column parent(Column path) {
        return functions.element_at(functions.split(path, "/"), -2);
    }
}
