package dev.graft.export;

import java.nio.file.Path;
import java.util.Map;

/**
 * A written and checked ONNX model.
 *
 * @param file the model file
 * @param bytes its size
 * @param arch the architecture
 * @param opset the ai.onnx opset it is written for
 * @param withPreprocessing whether it takes uint8 pixels and returns probabilities too
 * @param maxRelativeError per output, the largest {@code max_j |ort_j - graft_j| / max(max_j |graft_j|, 1e-3)}
 *     over the check images' rows
 * @param tolerance the largest error the check accepted
 * @param checkedImages how many images the check ran
 * @param checkedOn what they were
 * @param metadata the model's metadata_props
 */
public record ExportResult(Path file, long bytes, String arch, int opset, boolean withPreprocessing,
        Map<String, Double> maxRelativeError, double tolerance, int checkedImages, String checkedOn,
        Map<String, String> metadata) {}
