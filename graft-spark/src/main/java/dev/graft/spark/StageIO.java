package dev.graft.spark;

import dev.graft.model.Architectures;
import dev.graft.model.PretrainedSpecs;
import dev.graft.spark.exec.ModelBundle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * Spark ML persistence for Graft's stages: Spark's own metadata file for the parameters, and the
 * model's files beside it in {@code model/}, so a saved pipeline carries its weights wherever it
 * is copied (registry tags are saved by name, since every Graft build ships them).
 */
final class StageIO {
    /** The folder, inside a saved stage, that holds its model files. */
    static final String MODEL_DIR = "model";

    private StageIO() {}

    /** Writes the metadata, then the files of the bundle, if any. */
    static final class Writer extends MLWriter {
        private final Params stage;
        private final Supplier<ModelBundle> files;

        Writer(Params stage, Supplier<ModelBundle> files) {
            this.stage = stage;
            this.files = files;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(stage, path, sparkSession());
            ModelBundle b = files.get();
            if (b != null) {
                for (var e : b.files().entrySet()) {
                    writeFile(sparkSession(), new Path(new Path(path, MODEL_DIR), e.getKey()), e.getValue());
                }
            }
        }
    }

    /** Reads a stage saved by {@link Writer}: parameters, then the bundled files' location. */
    static final class Reader<T extends Params> extends MLReader<T> {
        private final Class<T> type;
        private final Bundled<T> bundled;

        Reader(Class<T> type, Bundled<T> bundled) {
            this.type = type;
            this.bundled = bundled;
        }

        @Override
        public T load(String path) {
            var meta = DefaultParamsReader.loadMetadata(path, sparkSession(), type.getName());
            T stage;
            try {
                stage = type.getConstructor(String.class).newInstance(meta.uid());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(type.getName() + " needs a public (String uid) constructor", e);
            }
            meta.getAndSetParams(stage, Option.empty());
            Path dir = new Path(path, MODEL_DIR);
            boolean hasModel;
            try {
                hasModel = fs(sparkSession(), dir).exists(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(path + ": cannot read the saved stage (" + e.getMessage() + ")", e);
            }
            checkNames(stage, path, hasModel);
            if (hasModel) {
                bundled.use(stage, dir.toString());
            }
            return stage;
        }
    }

    /**
     * A saved stage is untrusted like a run folder: its metadata may name a registered
     * architecture (never a TorchScript program, which would run), and a model only as its own
     * {@code model/} folder or a registry tag, never a path or address elsewhere.
     */
    static void checkNames(Params stage, String path, boolean hasModel) {
        if (stage.hasParam("arch") && stage.isDefined(stage.getParam("arch"))) {
            Object arch = stage.getOrDefault(stage.getParam("arch"));
            if (arch instanceof String a && !a.isBlank()) {
                Architectures.registered(a, path);
            }
        }
        for (String name : new String[] {"weights", "run"}) {
            if (!hasModel && stage.hasParam(name) && stage.isDefined(stage.getParam(name))) {
                Object v = stage.getOrDefault(stage.getParam(name));
                if (v instanceof String s && !s.isBlank() && PretrainedSpecs.find(s).isEmpty()) {
                    throw new IllegalArgumentException(path + ": the saved stage names its model " + s + " outside "
                            + "itself; Graft loads a saved stage's model only from its own " + MODEL_DIR
                            + "/ folder or a registry tag, so save the stage again with its model");
                }
            }
        }
    }

    /** Points a loaded stage at its bundled model folder. */
    @FunctionalInterface
    interface Bundled<T> {
        void use(T stage, String modelDir);
    }

    static FileSystem fs(SparkSession spark, Path p) throws IOException {
        return p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    }

    static void writeFile(SparkSession spark, Path p, byte[] bytes) {
        try (OutputStream out = fs(spark, p).create(p, true)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(p + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    static byte[] readFile(SparkSession spark, Path p) {
        try (InputStream in = fs(spark, p).open(p)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(p + ": cannot read (" + e.getMessage() + "); is this a saved Graft stage?", e);
        }
    }
}
