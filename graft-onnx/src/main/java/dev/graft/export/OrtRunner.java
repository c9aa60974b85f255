package dev.graft.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OnnxJavaType;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One exported file loaded in ONNX Runtime, the runtime the model is checked against (and the one
 * most serving stacks use). Close it to free the native session.
 */
public final class OrtRunner implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    public OrtRunner(Path file, int threads) {
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(Math.max(1, threads));
            o.setInterOpNumThreads(1);
            session = env.createSession(file.toString(), o);
        } catch (OrtException e) {
            throw new ExportException("ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
        }
    }

    /** The model's metadata_props. */
    public Map<String, String> metadata() {
        try {
            return session.getMetadata().getCustomMetadata();
        } catch (OrtException e) {
            throw new ExportException("ONNX Runtime cannot read the metadata: " + e.getMessage(), e);
        }
    }

    /** Runs on float32 input [shape]; returns each requested output flattened. */
    public Map<String, float[]> runFloat(String input, float[] data, long[] shape, List<String> outputs) {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape)) {
            return run(input, t, outputs);
        } catch (OrtException e) {
            throw new ExportException("ONNX Runtime failed to run the model: " + e.getMessage(), e);
        }
    }

    /** Runs on uint8 input [shape] (pixels); returns each requested output flattened. */
    public Map<String, float[]> runUint8(String input, byte[] data, long[] shape, List<String> outputs) {
        try (OnnxTensor t = OnnxTensor.createTensor(env, ByteBuffer.wrap(data), shape, OnnxJavaType.UINT8)) {
            return run(input, t, outputs);
        } catch (OrtException e) {
            throw new ExportException("ONNX Runtime failed to run the model: " + e.getMessage(), e);
        }
    }

    private Map<String, float[]> run(String input, OnnxTensor t, List<String> outputs) throws OrtException {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (OrtSession.Result r = session.run(Map.of(input, t), new java.util.LinkedHashSet<>(outputs))) {
            for (String name : outputs) {
                OnnxTensor o = (OnnxTensor) r.get(name).orElseThrow(() -> new ExportException("the model has no output "
                        + name));
                FloatBuffer fb = o.getFloatBuffer();
                float[] v = new float[fb.remaining()];
                fb.get(v);
                out.put(name, v);
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new ExportException("cannot close the ONNX Runtime session: " + e.getMessage(), e);
        }
    }
}
