package dev.graft.spark.cli;

import dev.graft.cli.Flags;
import dev.graft.spark.SparkJobs;
import dev.graft.spark.SparkSessions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Flags every {@code graft spark} command shares: where Spark runs and how images are read. */
public final class SparkOptions {
    @Option(names = "--master", description = "Spark master: local[N], spark://host:7077, yarn, k8s://... "
            + "(default: the one spark-submit gives, else local[2])")
    String master;

    @Option(names = "--source", defaultValue = "binary",
            description = "how Spark reads images: binary (binaryFile, decoded by Graft) or image (Spark's image "
                    + "source, BGR); predict --pipeline reads as the pipeline was trained (default: ${DEFAULT-VALUE})")
    String source;

    @Option(names = "--partitions", defaultValue = "0",
            description = "repartition the images into N partitions; 0 keeps Spark's split (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--batch-size", defaultValue = "32", description = "images per forward pass (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Mixin
    Flags.Verbose verbose;

    SparkJobs.Source source() {
        return switch (source.toLowerCase(java.util.Locale.ROOT)) {
            case "binary", "binaryfile" -> SparkJobs.Source.BINARY;
            case "image" -> SparkJobs.Source.IMAGE;
            default -> throw new IllegalArgumentException("--source " + source + ": use binary or image");
        };
    }

    /** A session for this command; {@link Session#close} stops it only if this command started it. */
    Session open(String command) {
        JvmFlags.require();
        boolean existed = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
        // under spark-submit, spark.master is a system property; a default here must not override it
        String m = master != null ? master : System.getProperty("spark.master", "local[2]");
        SparkSession spark = SparkSessions.builder(m, "graft spark " + command).getOrCreate();
        return new Session(spark, !existed);
    }

    Dataset<Row> images(SparkSession spark, String dir, SparkJobs.Source src) {
        return SparkJobs.images(spark, dir, src, partitions);
    }

    /** A Spark session and whether to stop it afterwards. */
    record Session(SparkSession spark, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                spark.stop();
            }
        }
    }
}
