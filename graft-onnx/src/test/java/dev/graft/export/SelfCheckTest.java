package dev.graft.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import dev.graft.data.Preprocess;
import dev.graft.engine.Engines;
import dev.graft.model.Architectures;
import dev.graft.model.Network;
import dev.graft.model.WeightLoader;
import dev.graft.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check really checks: a damaged file is refused and deleted, and the error says where and by how much. */
class SelfCheckTest {
    static NDManager manager;
    static Network net;
    static final Preprocess PRE = Preprocess.fashionMnist();

    @TempDir
    Path tmp;

    @BeforeAll
    static void network() {
        Engines.start(1);
        manager = Engines.newManager();
        net = Architectures.get("resnet18_small").create(5);
        net.materialize(manager, 1);
        WeightLoader.load(net, Fixtures.syntheticWeights(net), "synthetic", true);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private OnnxExport.Builder export(Path out) {
        return OnnxExport.builder().setNetwork(net, PRE).setOutput(out).optCheckCount(4);
    }

    @Test
    void oneCorruptedWeightFailsTheExportDeletesTheFileAndNamesTheOutput() throws Exception {
        Path out = tmp.resolve("model.onnx");
        ExportCheckException e = assertThrows(ExportCheckException.class,
                () -> export(out).optAfterWrite(corrupt("fc.weight", 0.5f)).build().run());
        assertEquals("logits", e.output());
        assertTrue(e.error() > OnnxExport.DEFAULT_TOLERANCE, "error " + e.error());
        assertTrue(e.getMessage().contains("output 'logits' by "), e.getMessage());
        Matcher m = Pattern.compile("by ([0-9.e+-]+) relative \\(tolerance 1e-04\\)").matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        assertEquals(e.error(), Double.parseDouble(m.group(1)), e.error() * 1e-2, "the message gives the error");
        assertTrue(e.getMessage().contains("file deleted"), e.getMessage());
        assertFalse(Files.exists(out), "the refused model must not be left behind");
        assertFalse(Files.exists(tmp.resolve("model.onnx.partial")));
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.count(), "nothing left in the folder");
        }
    }

    @Test
    void aFailedExportLeavesAnEarlierFileAlone() throws Exception {
        Path out = tmp.resolve("model.onnx");
        Files.writeString(out, "an earlier export");
        assertThrows(ExportCheckException.class,
                () -> export(out).optAfterWrite(corrupt("conv1.weight", 3f)).build().run());
        assertEquals("an earlier export", Files.readString(out));
    }

    @Test
    void theCheckMeasuresARealDifference() {
        // ONNX Runtime's float arithmetic is not libtorch's: the error is small but not zero, so a
        // tolerance below it fails; a check that compared nothing would pass
        Path out = tmp.resolve("model.onnx");
        ExportCheckException e = assertThrows(ExportCheckException.class,
                () -> export(out).optTolerance(1e-12).build().run());
        assertTrue(e.error() > 0 && e.error() < 1e-5, "error " + e.error());
        ExportResult ok = export(out).build().run();
        assertTrue(ok.maxRelativeError().get("logits") > 0);
        assertTrue(Files.isRegularFile(out));
    }

    @Test
    void theCheckRunsOnTheImagesItIsGiven() {
        byte[] px = new byte[6 * 28 * 28];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 31 % 251);
        }
        var source = new dev.graft.data.InMemoryImages("given", 28, 28, 1, px, new int[6], java.util.List.of("a"));
        ExportResult r = export(tmp.resolve("model.onnx")).optCheckSource(source).optCheckCount(5).build().run();
        assertEquals(5, r.checkedImages());
        assertEquals("5 of the given 6 images", r.checkedOn());
    }

    /** Adds {@code delta} to the first value of an initializer of the written file. */
    static Consumer<Path> corrupt(String initializer, float delta) {
        return file -> {
            try {
                OnnxMl.ModelProto m;
                try (InputStream in = Files.newInputStream(file)) {
                    m = OnnxMl.ModelProto.parseFrom(in);
                }
                OnnxMl.ModelProto.Builder b = m.toBuilder();
                boolean found = false;
                for (OnnxMl.TensorProto.Builder t : b.getGraphBuilder().getInitializerBuilderList()) {
                    if (t.getName().equals(initializer)) {
                        ByteBuffer raw = ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
                        raw.putFloat(0, raw.getFloat(0) + delta);
                        t.setRawData(ByteString.copyFrom(raw.array()));
                        found = true;
                    }
                }
                assertTrue(found, "no initializer " + initializer);
                try (OutputStream o = Files.newOutputStream(file)) {
                    b.build().writeTo(o);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
