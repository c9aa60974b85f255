package dev.graft.run;

import dev.graft.calibration.Calibration;
import dev.graft.data.Preprocess;
import dev.graft.model.HeadSpec;
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
 * @param calibration the temperature and rejection threshold fitted on the validation images at
 *     the end of training, or null (runs made before Graft calibrated: read it through
 *     {@link #calibrationOrNone}, which gives T = 1)
 */
public record RunInfo(int format, String created, Map<String, String> versions, String arch, HeadSpec head,
        Base base, List<String> labels, Preprocess preprocess, String strategy, Map<String, String> config, long seed,
        DataInfo data, Map<String, Double> result, FileRef model, PeftInfo peft, String stopped,
        Calibration calibration) {

    /** A run without calibration. */
    public RunInfo(int format, String created, Map<String, String> versions, String arch, HeadSpec head, Base base,
            List<String> labels, Preprocess preprocess, String strategy, Map<String, String> config, long seed,
            DataInfo data, Map<String, Double> result, FileRef model, PeftInfo peft, String stopped) {
        this(format, created, versions, arch, head, base, labels, preprocess, strategy, config, seed, data, result,
                model, peft, stopped, null);
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
                data, result, model, peft, stopped, c);
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
    public record PeftInfo(String method, int rank, float alpha, int adapterReduction, List<String> modules) {}

    /** The pretrained weights a run started from. */
    public record Base(String source, String sha256, String description) {}

    /** The data a run saw. */
    public record DataInfo(String description, String trainFingerprint, String valFingerprint, int trainImages,
            int valImages, List<String> skipped) {}

    /** A file in the run folder and its checksum. */
    public record FileRef(String file, String sha256) {}
}
