package dev.graft.studio.results;

import com.google.gson.Gson;
import dev.graft.export.ExportResult;
import dev.graft.export.OnnxExport;
import dev.graft.studio.jobs.Job;
import dev.graft.studio.jobs.Task;
import dev.graft.studio.project.Workspace;
import dev.graft.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Exports a run to ONNX with graft-onnx: pixels in, probabilities out, written only when ONNX
 * Runtime agrees with Graft on the run's validation images. Loaded only when
 * {@link Exports#onnxAvailable()}, so graft-studio runs without graft-onnx.
 */
final class OnnxTask implements Task {
    static final String FILE = "model.onnx";
    static final String META = "onnx.json";
    private final Workspace workspace;
    private final RunFolder run;
    private final int threads;

    OnnxTask(Workspace workspace, RunFolder run, int threads) {
        this.workspace = workspace;
        this.run = run;
        this.threads = threads;
    }

    @Override
    public void run(Job job) {
        try {
            Files.createDirectories(workspace.checked(run.exports()));
            Files.deleteIfExists(run.exports().resolve(META));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + run.exports() + " (" + e.getMessage() + ")", e);
        }
        job.say("exporting and checking in ONNX Runtime");
        ExportResult r = OnnxExport.builder().setRun(run.model())
                .setOutput(workspace.checked(run.exports().resolve(FILE))).optWithPreprocessing(true)
                .optThreads(threads).build().run();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bytes", r.bytes());
        m.put("note", String.format(Locale.ROOT, "opset %d; checked on %s: largest relative error %s (tolerance %.0e)",
                r.opset(), r.checkedOn(), r.maxRelativeError(), r.tolerance()));
        AtomicFiles.writeString(workspace.checked(run.exports().resolve(META)), new Gson().toJson(m));
    }
}
