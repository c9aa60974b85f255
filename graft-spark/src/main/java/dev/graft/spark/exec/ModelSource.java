package dev.graft.spark.exec;

import dev.graft.data.Preprocess;
import dev.graft.model.Architectures;
import dev.graft.model.PretrainedSpec;
import dev.graft.model.PretrainedSpecs;
import dev.graft.run.RunDir;
import dev.graft.run.RunInfo;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A {@code weights} value resolved on the driver: a registry tag, a safetensors file, or a run
 * folder made by {@code graft train}; files may live on any Hadoop file system the driver reads.
 *
 * @param bundle the files to broadcast
 * @param arch the architecture they fit
 * @param preprocess what images must go through: the tag's spec, the run's, or ImageNet's at the
 *     architecture's input size for a bare file
 * @param run the run's provenance, or null when the weights are not a run folder
 * @param description what was resolved, for messages
 */
public record ModelSource(ModelBundle bundle, String arch, Preprocess preprocess, RunInfo run, String description) {
    /** File name of bare weights inside a bundle. */
    public static final String WEIGHTS = "weights.safetensors";

    public boolean isRun() {
        return run != null;
    }

    /** The run's class names; empty for bare weights. */
    public List<String> labels() {
        return run == null ? List.of() : run.labels();
    }

    /**
     * Resolves {@code weights}.
     *
     * @param arch the architecture, or null to take it from the tag or run; a bare file needs it
     */
    public static ModelSource resolve(String weights, String arch, Configuration hadoop) {
        if (weights == null || weights.isBlank()) {
            throw new IllegalArgumentException("no weights given: set a registry tag, a .safetensors file or a run "
                    + "folder (setWeights / --weights)");
        }
        var spec = PretrainedSpecs.find(weights);
        if (spec.isPresent()) {
            return fromTag(spec.get(), arch);
        }
        try {
            Path path = new Path(weights);
            FileSystem fs = path.getFileSystem(hadoop);
            FileStatus st = fs.getFileStatus(path);
            if (st.isDirectory()) {
                return fromRun(fs, path, arch);
            }
            if (arch == null || arch.isBlank()) {
                throw new IllegalArgumentException(weights + ": bare weights need an architecture; set it "
                        + "(setArch / --model), or give a run folder or registry tag");
            }
            Architectures.get(arch);
            ModelBundle b = ModelBundle.of(Map.of(WEIGHTS, read(fs, path)));
            return new ModelSource(b, arch, Preprocess.imagenet(Architectures.get(arch).inputSize()), null,
                    weights);
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException(weights + ": no such weights file, run folder or registry tag "
                    + "(graft models lists the tags)");
        } catch (IOException e) {
            throw new IllegalArgumentException(weights + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static ModelSource fromTag(PretrainedSpec spec, String arch) {
        checkArch(arch, spec.arch(), spec.tag());
        String src = spec.source();
        if (!src.startsWith("classpath:")) {
            throw new IllegalArgumentException(spec.tag() + ": weights at " + src + " need the hub client; "
                    + "download them and give the file instead");
        }
        try (InputStream in = PretrainedSpecs.class.getResourceAsStream(src.substring("classpath:".length()))) {
            if (in == null) {
                throw new IllegalArgumentException(spec.tag() + ": its weights are missing from this build; "
                        + "rebuild Graft, or reproduce them with graft pretrain");
            }
            ModelBundle b = ModelBundle.of(Map.of(WEIGHTS, in.readAllBytes()));
            return new ModelSource(b, spec.arch(), spec.preprocess(), null, spec.tag());
        } catch (IOException e) {
            throw new IllegalArgumentException(spec.tag() + ": cannot read its weights (" + e.getMessage() + ")", e);
        }
    }

    private static ModelSource fromRun(FileSystem fs, Path dir, String arch) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : List.of(RunDir.INFO, RunDir.MODEL)) {
            Path f = new Path(dir, name);
            if (!fs.exists(f)) {
                throw new IllegalArgumentException(dir + ": no " + name + "; give a run folder made by graft train "
                        + "(or a .safetensors file)");
            }
            files.put(name, read(fs, f));
        }
        ModelBundle b = ModelBundle.of(files);
        RunInfo info = RunDir.open(b.localDir()).readInfo();
        // graft.json is untrusted: a TorchScript architecture would run its program here and in every executor
        Architectures.registered(info.arch(), dir + "/" + RunDir.INFO);
        checkArch(arch, info.arch(), dir.toString());
        return new ModelSource(b, info.arch(), info.preprocess(), info, dir.toString());
    }

    private static void checkArch(String given, String actual, String what) {
        if (given != null && !given.isBlank() && !given.equals(actual)) {
            throw new IllegalArgumentException(what + " holds " + actual + " weights, not " + given
                    + "; drop the architecture or set it to " + actual);
        }
    }

    private static byte[] read(FileSystem fs, Path f) throws IOException {
        long len = fs.getFileStatus(f).getLen();
        if (len > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(f + ": " + len / (1 << 20) + " MB is more than one broadcast "
                    + "holds (2 GB)");
        }
        try (InputStream in = fs.open(f)) {
            return in.readAllBytes();
        }
    }
}
