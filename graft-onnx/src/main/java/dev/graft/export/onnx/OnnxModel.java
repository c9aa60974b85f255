package dev.graft.export.onnx;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A finished graph as an ONNX model file: IR version, opset, producer and metadata_props. */
public final class OnnxModel {
    /** The lowest opset the exporter writes: LayerNormalization arrived in 17. */
    public static final int MIN_OPSET = 17;
    /** The highest opset it writes; ONNX Runtime 1.22 reads up to 22. */
    public static final int MAX_OPSET = 21;

    private OnnxModel() {}

    /** The IR version that goes with an opset, per ONNX's versioning table. */
    public static long irVersion(int opset) {
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new IllegalArgumentException("opset " + opset + " is not supported; give one from " + MIN_OPSET
                    + " to " + MAX_OPSET);
        }
        return opset <= 18 ? 8 : opset <= 20 ? 9 : 10;
    }

    public static OnnxMl.ModelProto build(OnnxGraph graph, String producerVersion, String doc,
            Map<String, String> metadata) {
        OnnxMl.ModelProto.Builder m = OnnxMl.ModelProto.newBuilder().setIrVersion(irVersion(graph.opset()))
                .setProducerName("graft").setProducerVersion(producerVersion).setDocString(doc)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(graph.opset()))
                .setGraph(graph.build());
        metadata.forEach((k, v) -> m.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k)
                .setValue(v)));
        return m.build();
    }

    public static void write(OnnxMl.ModelProto model, Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
