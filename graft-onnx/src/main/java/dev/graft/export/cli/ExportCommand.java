package dev.graft.export.cli;

import com.google.gson.GsonBuilder;
import dev.graft.cli.CommonOptions;
import dev.graft.cli.Flags;
import dev.graft.export.ExportException;
import dev.graft.export.ExportResult;
import dev.graft.export.OnnxExport;
import dev.graft.export.onnx.OnnxModel;
import dev.graft.export.trace.TraceException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code graft export}: a run folder as an ONNX model, kept only when ONNX Runtime agrees with
 * Graft. The flags map one to one onto {@link OnnxExport.Builder}; defaults live there.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a run as an ONNX model; the file is kept only when ONNX Runtime agrees with Graft "
                + "on the run's validation images (max relative error per output row within the tolerance).")
public final class ExportCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, paramLabel = "RUN", description = "A run folder made by graft train.")
    Path run;

    @Option(names = "--format", defaultValue = "onnx", paramLabel = "FORMAT", description = "Only onnx.")
    String format;

    /** The model file to write. */
    @Mixin
    Flags.Out out = Flags.Out.note("required");

    @Option(names = "--with-preprocessing", description = "Put resize, crop and normalisation in the graph: the "
            + "model takes uint8 [N, H, W, 3] RGB pixels and also returns probabilities.")
    boolean withPreprocessing;

    @Option(names = "--opset", paramLabel = "N", description = "ai.onnx opset, " + OnnxModel.MIN_OPSET + " to " + OnnxModel.MAX_OPSET
            + " (default " + OnnxExport.DEFAULT_OPSET + ").")
    Integer opset;

    @Option(names = "--check-images", split = ",", paramLabel = "FILE",
            description = "Check on these images instead of the run's validation images.")
    List<Path> checkImages;

    @Option(names = "--check-count", paramLabel = "N", description = "Validation images to check on (default "
            + OnnxExport.DEFAULT_CHECK_COUNT + ").")
    Integer checkCount;

    @Option(names = "--tolerance", paramLabel = "X", description = "Largest relative error accepted (default "
            + OnnxExport.DEFAULT_TOLERANCE + ").")
    Double tolerance;

    @Option(names = "--temperature", paramLabel = "T",
            description = "Softmax temperature of the probabilities (default: the run's, else 1).")
    Float temperature;

    @Option(names = {"--base-weights", "--base"}, paramLabel = "SRC",
            description = "For lora, bitfit and adapter runs: the base weights, when no longer where the run recorded them.")
    String base;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Path file = out.path();
        if (!"onnx".equalsIgnoreCase(format)) {
            throw new IllegalArgumentException("--format " + format + " is not supported; use --format onnx");
        }
        OnnxExport.Builder b = OnnxExport.builder().setRun(run).setOutput(file).optWithPreprocessing(withPreprocessing)
                .optThreads(common.effectiveThreads()).optBaseWeights(base);
        if (opset != null) {
            b.optOpset(opset);
        }
        if (checkImages != null) {
            b.optCheckImages(checkImages);
        }
        if (checkCount != null) {
            b.optCheckCount(checkCount);
        }
        if (tolerance != null) {
            b.optTolerance(tolerance);
        }
        if (temperature != null) {
            b.optTemperature(temperature);
        }
        ExportResult r;
        try {
            r = b.build().run();
        } catch (ExportException | TraceException e) {
            if (common.verbose()) {
                e.printStackTrace();
            }
            System.err.println("graft: error: " + e.getMessage());
            return 1;
        }
        print(r);
        return 0;
    }

    private void print(ExportResult r) {
        if (common.json()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("file", r.file().toString());
            out.put("bytes", r.bytes());
            out.put("arch", r.arch());
            out.put("opset", r.opset());
            out.put("withPreprocessing", r.withPreprocessing());
            out.put("maxRelativeError", r.maxRelativeError());
            out.put("tolerance", r.tolerance());
            out.put("checkedImages", r.checkedImages());
            out.put("checkedOn", r.checkedOn());
            System.out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(out));
            return;
        }
        System.out.printf(Locale.ROOT, "wrote %s (%.1f MB, %s, opset %d%s)%n", r.file(), r.bytes() / 1e6, r.arch(),
                r.opset(), r.withPreprocessing() ? ", pixels in, preprocessing in the graph" : "");
        System.out.println("checked in ONNX Runtime against Graft on " + r.checkedOn() + ":");
        r.maxRelativeError().forEach((o, e) -> System.out.printf(Locale.ROOT,
                "  %-14s max relative error %.2e (tolerance %.0e)%n", o, e, r.tolerance()));
    }
}
