package dev.graft.run;

import dev.graft.calibration.Calibration;
import dev.graft.check.Checks;
import dev.graft.data.Preprocess;
import dev.graft.model.HeadSpec;
import dev.graft.peft.PeftConfig;
import java.util.List;
import java.util.Map;

/**
 * The contents of a run's {@code graft.json}: everything needed to rebuild, trust and reproduce
 * the saved model.
 *
 * @param format run-folder layout version
 * @param created ISO-8601 time the run finished
 * @param versions Graft, DJL, libtorch, Java, OS and CPU architecture
 * @param arch architecture name
 * @param head the head that was added
 * @param base where the pretrained weights came from and their sha256 (null for scratch)
 * @param labels class names by index
 * @param preprocess input size, resize, mean and std
 * @param strategy the strategy
 * @param config the resolved training options, as text
 * @param seed the seed
 * @param data what was trained on, with fingerprints of the splits
 * @param result best epoch, validation and test scores, wall time
 * @param model the weights file and its sha256: {@code model.safetensors}, the whole network; or
 *     for a parameter-efficient run {@code adapters.safetensors}, only what trained, which needs the
 *     {@code base} weights (found by source, checked by sha256) to rebuild the network
 * @param peft how a parameter-efficient run changed the base network, or null
 * @param stopped why training ended before it finished (stopped by the user, a non-finite loss),
 *     or null; such a run keeps its checkpoint and can be resumed
 * @param script the TorchScript program a {@code torchscript:} architecture was cut from, by
 *     absolute path and sha256, or null for a registered architecture; loading the run runs that
 *     program, so it is loaded only from a file the user names again, with this sha256
 * @param calibration the temperature and rejection threshold fitted on the validation images at
 *     the end of training, or null (runs made before Graft calibrated: read it through
 *     {@link #calibrationOrNone}, which gives T = 1)
 */
public record RunInfo(int format, String created, Map<String, String> versions, String arch, HeadSpec head,
        Base base, List<String> labels, Preprocess preprocess, String strategy, Map<String, String> config, long seed,
        DataInfo data, Map<String, Double> result, FileRef model, PeftInfo peft, String stopped, FileRef script,
        Calibration calibration) {
    /** The most classes a run may have: a head that size is already 100k rows. */
    public static final int MAX_CLASSES = 100_000;

    /**
     * Checks what every run, however made, must satisfy; {@link RunDir#readInfo} reports a failure
     * as a damaged {@code graft.json}.
     */
    public RunInfo {
        Checks.require(format >= 0, "format", ">= 0", format);
        Checks.require(labels != null && !labels.isEmpty() && labels.size() <= MAX_CLASSES, "labels",
                "1 to " + MAX_CLASSES + " class names", labels == null ? null : labels.size() + " names");
        for (String l : labels) {
            Checks.require(l != null && l.length() <= 1000 && l.chars().noneMatch(Character::isISOControl), "labels",
                    "names of at most 1000 characters without control characters", l == null ? null
                            : "'" + l.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        labels = List.copyOf(labels);
    }

    /** A run without calibration. */
    public RunInfo(int format, String created, Map<String, String> versions, String arch, HeadSpec head, Base base,
            List<String> labels, Preprocess preprocess, String strategy, Map<String, String> config, long seed,
            DataInfo data, Map<String, Double> result, FileRef model, PeftInfo peft, String stopped, FileRef script) {
        this(format, created, versions, arch, head, base, labels, preprocess, strategy, config, seed, data, result,
                model, peft, stopped, script, null);
    }

    /** A run without parameter-efficient structure that finished normally. */
    public RunInfo(int format, String created, Map<String, String> versions, String arch, HeadSpec head, Base base,
            List<String> labels, Preprocess preprocess, String strategy, Map<String, String> config, long seed,
            DataInfo data, Map<String, Double> result, FileRef model) {
        this(format, created, versions, arch, head, base, labels, preprocess, strategy, config, seed, data, result,
                model, null, null, null);
    }

    /** The stored calibration, or {@link Calibration#NONE} (T = 1, no threshold) for a run without one. */
    public Calibration calibrationOrNone() {
        return Calibration.orNone(calibration);
    }

    /** The same record with another calibration. */
    public RunInfo withCalibration(Calibration c) {
        return new RunInfo(format, created, versions, arch, head, base, labels, preprocess, strategy, config, seed,
                data, result, model, peft, stopped, script, c);
    }

    /**
     * How LoRA, BitFit or adapters changed the base network.
     *
     * @param method {@code lora}, {@code bitfit} or {@code adapter}
     * @param rank LoRA rank (0 otherwise)
     * @param alpha LoRA alpha (0 otherwise)
     * @param adapterReduction adapter channel reduction (0 otherwise)
     * @param modules the layers given LoRA, or the adapters' paths
     */
    public record PeftInfo(String method, int rank, float alpha, int adapterReduction, List<String> modules) {
        public PeftInfo {
            Checks.require(method != null, "peft.method", "lora, bitfit or adapter", null);
            Checks.range("peft.rank", rank, 0, PeftConfig.MAX_RANK);
            Checks.range("peft.alpha", alpha, 0, false, 1e6, false);
            Checks.range("peft.adapterReduction", adapterReduction, 0, PeftConfig.MAX_RANK);
            modules = modules == null ? List.of() : List.copyOf(modules);
        }
    }

    /** The pretrained weights a run started from. */
    public record Base(String source, String sha256, String description) {
        public Base {
            Checks.require(sha256 == null || sha256.matches("[0-9a-f]{64}"), "base.sha256", "64 lower-case hex digits",
                    sha256);
        }
    }

    /** The data a run saw. */
    public record DataInfo(String description, String trainFingerprint, String valFingerprint, int trainImages,
            int valImages, List<String> skipped) {}

    /** A file and its checksum (lower-case hex sha256). */
    public record FileRef(String file, String sha256) {
        public FileRef {
            Checks.require(sha256 == null || sha256.matches("[0-9a-f]{64}"), "sha256", "64 lower-case hex digits",
                    sha256);
        }
    }
}
