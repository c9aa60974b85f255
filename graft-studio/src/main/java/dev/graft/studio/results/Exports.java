package dev.graft.studio.results;

import dev.graft.run.RunDir;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A run leaving the Studio: its folder as a zip (what {@code graft predict --run} and
 * {@code Graft.load} open), and an ONNX file when graft-onnx is on the classpath.
 */
public final class Exports {
    /** The class whose presence means ONNX export can run. */
    static final String ONNX_CLASS = "dev.graft.export.OnnxExport";

    private Exports() {}

    /** Whether graft-onnx is on the classpath (the launcher puts it there when it is built). */
    public static boolean onnxAvailable() {
        try {
            Class.forName(ONNX_CLASS, false, Exports.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Writes the run folder as a zip with one top folder named after the run: the model, graft.json
     * and the metrics; not the checkpoint or request.json, which only serve resuming inside the Studio.
     *
     * @param r the run, with a model
     * @param out where the zip goes (the response)
     */
    public static void zip(RunFolder r, OutputStream out) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(r.model())) {
            files = s.filter(Files::isRegularFile).filter(f -> !skipped(f.getFileName().toString())).sorted().toList();
        }
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Path f : files) {
                z.putNextEntry(new ZipEntry(r.id() + "/" + f.getFileName()));
                Files.copy(f, z);
                z.closeEntry();
            }
        }
    }

    /**
     * The ONNX state of a run, as the Export tab shows it.
     *
     * @return {@code onnxAvailable}, a note when it is not, and {@code onnx} (size, check) when exported
     */
    public static java.util.Map<String, Object> state(RunFolder r) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        boolean ok = onnxAvailable();
        m.put("onnxAvailable", ok);
        m.put("onnxNote", ok ? "" : "ONNX export needs the graft-onnx module, which this Studio was started without; "
                + "start it with ./graft studio, which builds it");
        Path meta = r.exports().resolve(OnnxTask.META);
        if (ok && Files.isRegularFile(meta) && Files.isRegularFile(r.exports().resolve(OnnxTask.FILE))) {
            try {
                m.put("onnx", new com.google.gson.Gson().fromJson(Files.readString(meta), java.util.Map.class));
            } catch (IOException | com.google.gson.JsonParseException e) {
                // an unreadable note hides the file; exporting again rewrites both
            }
        }
        return m;
    }

    /** The exported ONNX file, when there is one. */
    public static Path onnxFile(RunFolder r) {
        return r.exports().resolve(OnnxTask.FILE);
    }

    /**
     * A task that exports the run to ONNX.
     *
     * @throws dev.graft.studio.StudioException CONFLICT when graft-onnx is not on the classpath
     */
    static dev.graft.studio.jobs.Task onnxTask(dev.graft.studio.project.Workspace ws, RunFolder r, int threads) {
        if (!onnxAvailable()) {
            throw dev.graft.studio.StudioException.conflict((String) state(r).get("onnxNote"));
        }
        return new OnnxTask(ws, r, threads);
    }

    private static boolean skipped(String name) {
        return name.equals(RunDir.CHECKPOINT) || name.equals(RunDir.REQUEST) || name.startsWith(".");
    }
}
