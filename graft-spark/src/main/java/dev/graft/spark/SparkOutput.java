package dev.graft.spark;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * A folder a {@code graft spark} command writes (Parquet features, a saved pipeline), on any
 * Hadoop file system, under the rules of {@code dev.graft.run.OutputFolder}: an empty path is
 * refused; the folder may not be, hold or lie inside an input; an existing one is replaced only
 * with {@code force}, only when it is recognisably what Graft writes there, and only at the end:
 * the new folder is written to the sibling {@code .NAME.graft-new} and swapped in by
 * {@link #commit}, so a job that fails leaves the old folder as it was. (Spark's own overwrite
 * mode deletes the target before the job runs, whatever it holds.)
 */
public final class SparkOutput {
    /** What Graft writes into one kind of folder. */
    public enum Kind {
        /** {@code graft spark featurize}: a Parquet folder with the columns file, label, features, error. */
        FEATURES("featurize output"),
        /** {@code graft spark train}: a saved Spark ML pipeline with a Graft stage. */
        PIPELINE("saved Graft pipeline");

        private final String what;

        Kind(String what) {
            this.what = what;
        }
    }

    private final FileSystem fs;
    private final Path out;
    private final Path dir;

    private SparkOutput(FileSystem fs, Path out, Path dir) {
        this.fs = fs;
        this.out = out;
        this.dir = dir;
    }

    /**
     * Checks {@code out} and returns where to write: {@code out} itself when it does not exist,
     * else (with {@code force}) its staging sibling. Deletes nothing but a stale staging folder of
     * the same kind.
     *
     * @param inputs paths the job reads, by flag (data folder, weights); none may be or hold {@code out}
     */
    public static SparkOutput prepare(SparkSession spark, String out, boolean force, Kind kind,
            Map<String, String> inputs) {
        if (out == null || out.isBlank()) {
            throw new IllegalArgumentException("out must be a folder path (not empty), got '" + out + "'");
        }
        try {
            Path p = new Path(out);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            Path q = fs.makeQualified(p);
            for (Map.Entry<String, String> e : inputs.entrySet()) {
                if (e.getValue() == null || e.getValue().isBlank()) {
                    continue;
                }
                Path in = fs.makeQualified(new Path(e.getValue()));
                if (inside(in, q) || inside(q, in)) {
                    throw new IllegalArgumentException(out + ": is, holds or lies inside " + e.getKey() + " "
                            + e.getValue() + "; choose an `out` apart from what the job reads");
                }
            }
            Path staging = new Path(q.getParent(), "." + q.getName() + ".graft-new");
            if (fs.exists(staging)) {
                String why = foreign(fs, staging, kind);
                if (why != null) {
                    throw new IllegalArgumentException(why + "; Graft deletes only what it wrote, so move " + staging
                            + " away");
                }
                fs.delete(staging, true);
            }
            if (!fs.exists(q)) {
                return new SparkOutput(fs, q, q);
            }
            if (!force) {
                throw new IllegalArgumentException(out + ": already exists; choose another `out`, or add `force` to "
                        + "replace it (only a " + kind.what + ")");
            }
            String why = foreign(fs, q, kind);
            if (why != null) {
                throw new IllegalArgumentException(why + "; `force` replaces only what Graft wrote, so " + out
                        + " was not replaced: move it away, or choose another `out`");
            }
            return new SparkOutput(fs, q, staging);
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": cannot prepare (" + e.getMessage() + ")", e);
        }
    }

    /** Where the job writes now. */
    public String dir() {
        return dir.toString();
    }

    /** Swaps a finished replacement in; nothing to do when the folder was new. */
    public void commit() {
        if (dir.equals(out)) {
            return;
        }
        try {
            Path old = new Path(out.getParent(), "." + out.getName() + ".graft-old");
            fs.delete(old, true); // left by a crash inside an earlier swap, and Graft's (it was checked then)
            if (!fs.rename(out, old) || !fs.rename(dir, out)) {
                throw new IOException("rename refused");
            }
            fs.delete(old, true);
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": cannot swap in the new folder from " + dir + " ("
                    + e.getMessage() + ")", e);
        }
    }

    /** Why {@code p} is not recognisably a folder of this kind that Graft wrote, or null when it is. */
    static String foreign(FileSystem fs, Path p, Kind kind) throws IOException {
        if (!fs.getFileStatus(p).isDirectory()) {
            return p + " is not a folder";
        }
        FileStatus[] entries = fs.listStatus(p);
        return switch (kind) {
            case FEATURES -> features(fs, p, entries);
            case PIPELINE -> pipeline(fs, p, entries);
        };
    }

    private static String features(FileSystem fs, Path p, FileStatus[] entries) throws IOException {
        boolean success = false;
        for (FileStatus e : entries) {
            String n = e.getPath().getName();
            success |= n.equals("_SUCCESS");
            boolean spark = n.equals("_SUCCESS") || n.equals("._SUCCESS.crc") || n.startsWith("part-")
                    || n.startsWith(".part-") && n.endsWith(".crc");
            if (!e.isFile() || !spark) {
                return e.getPath() + " was not written by Spark for Graft";
            }
        }
        if (!success) {
            return p + " is not a finished Parquet folder (no _SUCCESS)";
        }
        return null;
    }

    private static String pipeline(FileSystem fs, Path p, FileStatus[] entries) throws IOException {
        for (FileStatus e : entries) {
            if (!List.of("metadata", "stages").contains(e.getPath().getName()) || !e.isDirectory()) {
                return e.getPath() + " is not part of a saved pipeline";
            }
        }
        Path meta = new Path(new Path(p, "metadata"), "part-00000");
        if (!fs.exists(meta) || fs.getFileStatus(meta).getLen() > (1 << 20)) {
            return p + " is not a saved Spark pipeline (no metadata/part-00000)";
        }
        try (InputStream in = fs.open(meta)) {
            JsonObject o = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim())
                    .getAsJsonObject();
            String uids = String.valueOf(o.get("paramMap"));
            if (!"org.apache.spark.ml.PipelineModel".equals(o.get("class").getAsString())
                    || !uids.contains("\"graftFeaturizer_")) {
                return p + " is a saved pipeline without a Graft stage";
            }
        } catch (RuntimeException e) {
            return p + " is not a saved Spark pipeline (" + e.getMessage() + ")";
        }
        return null;
    }

    private static boolean inside(Path child, Path parent) {
        String c = child.toUri().normalize().toString().replaceAll("/+$", "");
        String pa = parent.toUri().normalize().toString().replaceAll("/+$", "");
        return c.equals(pa) || c.startsWith(pa + "/");
    }
}
