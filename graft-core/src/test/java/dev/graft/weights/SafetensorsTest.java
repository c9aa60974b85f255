package dev.graft.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsOrderValuesAndMetadata() {
        StateDict sd = new StateDict()
                .put("b.weight", new HostTensor(new long[] {2, 2}, new float[] {1, -2, 3.5f, 1e-30f}))
                .put("a.bias", new HostTensor(new long[] {}, new float[] {42}));
        sd.metadata().put("format", "pt");
        Path f = dir.resolve("m.safetensors");
        Safetensors.write(sd, f);
        StateDict back = Safetensors.read(f);
        assertEquals(java.util.List.of("b.weight", "a.bias"), java.util.List.copyOf(back.names()));
        assertArrayEquals(sd.get("b.weight").data(), back.get("b.weight").data());
        assertArrayEquals(new long[] {}, back.get("a.bias").shape());
        assertEquals("pt", back.metadata().get("format"));
    }

    @Test
    void float16IsConvertedExactly() throws IOException {
        // 1, -2, 0.5, 65504 (max half), 2^-24 (smallest subnormal), -0, +inf
        short[] halves = {0x3C00, (short) 0xC000, 0x3800, 0x7BFF, 0x0001, (short) 0x8000, 0x7C00};
        ByteBuffer data = ByteBuffer.allocate(halves.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short h : halves) {
            data.putShort(h);
        }
        Path f = write("F16", new long[] {7}, data.array());
        float[] got = Safetensors.read(f).get("t").data();
        assertArrayEquals(new float[] {1f, -2f, 0.5f, 65504f, 0x1.0p-24f, -0f, Float.POSITIVE_INFINITY}, got);
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(got[5]), "sign of zero kept");
    }

    @Test
    void bfloat16IsConvertedExactly() throws IOException {
        // bf16 is the top half of a float32: 1.0, -3.140625, 2^-126 (smallest normal), -inf
        short[] b = {0x3F80, (short) 0xC049, 0x0080, (short) 0xFF80};
        ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : b) {
            data.putShort(s);
        }
        Path f = write("BF16", new long[] {2, 2}, data.array());
        HostTensor t = Safetensors.read(f).get("t");
        assertArrayEquals(new long[] {2, 2}, t.shape());
        assertArrayEquals(new float[] {1f, -3.140625f, Float.MIN_NORMAL, Float.NEGATIVE_INFINITY}, t.data());
    }

    @Test
    void truncatedFileIsNamedWithAFix() throws IOException {
        Path f = dir.resolve("cut.safetensors");
        Safetensors.write(new StateDict().put("w", new HostTensor(new long[] {100}, new float[100])), f);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 10));
        WeightsException e = assertThrows(WeightsException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("re-download"), e.getMessage());
    }

    @Test
    void corruptHeaderIsNamed() throws IOException {
        Path f = raw("bad.safetensors", "{\"w\": {\"dtype\": \"F32\", \"sha", 16);
        WeightsException e = assertThrows(WeightsException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt safetensors header"), e.getMessage());
    }

    @Test
    void headerEntryWithoutOffsetsIsNamed() throws IOException {
        Path f = raw("nooffsets.safetensors", "{\"w\": {\"dtype\": \"F32\", \"shape\": [1]}}", 4);
        WeightsException e = assertThrows(WeightsException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().contains("tensor 'w'") && e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void headerLengthBeyondTheFileIsNamed() throws IOException {
        Path f = dir.resolve("len.safetensors");
        Files.write(f, concat(le64(1_000_000), "{}".getBytes(StandardCharsets.UTF_8)));
        WeightsException e = assertThrows(WeightsException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    /** A sparse file costs no disk: only the header and the 16 bytes past 2 GB are written. */
    @Test
    void readsATensorBeyondTheTwoGigabyteOffset() throws IOException {
        long farOffset = (1L << 31) + 4096 + 3; // odd on purpose: past any int and any alignment
        String json = "{\"near\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"far\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[" + farOffset + "," + (farOffset + 16) + "]}}";
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        long dataStart = 8 + header.length;
        Path f = dir.resolve("huge.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(dataStart + farOffset + 16);
            raf.write(concat(le64(header.length), header));
            raf.write(floats(7f));
            raf.seek(dataStart + farOffset);
            raf.write(floats(1.5f, -2.25f, 3f, 1e20f));
        }
        assertTrue(Files.size(f) > (1L << 31));
        StateDict sd = Safetensors.read(f);
        assertArrayEquals(new float[] {7f}, sd.get("near").data());
        assertArrayEquals(new float[] {1.5f, -2.25f, 3f, 1e20f}, sd.get("far").data());
    }

    @Test
    void tensorsLargerThanOneMapAreReadPieceByPiece() throws IOException {
        float[] values = new float[1001];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.25f - 100;
        }
        Path f = dir.resolve("chunks.safetensors");
        Safetensors.write(new StateDict().put("a", new HostTensor(new long[] {1}, new float[] {9}))
                .put("big", new HostTensor(new long[] {7, 11, 13}, values)), f);
        // 12-byte maps: three floats each, so the last piece is partial and every piece is offset.
        StateDict sd = Safetensors.read(f, 12);
        assertArrayEquals(values, sd.get("big").data());
        assertArrayEquals(new float[] {9}, sd.get("a").data());
    }

    @Test
    void shardedCheckpointReadsAsOneStateDict() throws IOException {
        Safetensors.write(new StateDict().put("a", new HostTensor(new long[] {2}, new float[] {1, 2}))
                .put("b", new HostTensor(new long[] {1}, new float[] {3})), dir.resolve("model-00001-of-00002.safetensors"));
        Safetensors.write(new StateDict().put("c", new HostTensor(new long[] {1}, new float[] {4})),
                dir.resolve("model-00002-of-00002.safetensors"));
        Path index = dir.resolve("model.safetensors.index.json");
        Files.writeString(index, "{\"metadata\": {\"total_size\": 16}, \"weight_map\": {"
                + "\"a\": \"model-00001-of-00002.safetensors\", \"c\": \"model-00002-of-00002.safetensors\","
                + "\"b\": \"model-00001-of-00002.safetensors\"}}");
        for (StateDict sd : new StateDict[] {Safetensors.read(index), Weights.load(index), Weights.load(dir)}) {
            assertEquals(java.util.List.of("a", "b", "c"), java.util.List.copyOf(sd.names()));
            assertArrayEquals(new float[] {4}, sd.get("c").data());
            assertEquals("16", sd.metadata().get("total_size"));
            assertEquals("2", sd.metadata().get("graft.shards"));
        }
    }

    @Test
    void shardIndexNamingAMissingShardSaysWhichFile() throws IOException {
        Path index = dir.resolve("model.safetensors.index.json");
        Files.writeString(index, "{\"weight_map\": {\"a\": \"model-00009.safetensors\"}}");
        WeightsException e = assertThrows(WeightsException.class, () -> Safetensors.read(index));
        assertTrue(e.getMessage().contains("model-00009.safetensors is missing"), e.getMessage());
    }

    @Test
    void shardIndexMappingATensorTheShardLacksIsAnError() throws IOException {
        Safetensors.write(new StateDict().put("a", new HostTensor(new long[] {1}, new float[] {1})),
                dir.resolve("s1.safetensors"));
        Path index = dir.resolve("model.safetensors.index.json");
        Files.writeString(index, "{\"weight_map\": {\"a\": \"s1.safetensors\", \"zz\": \"s1.safetensors\"}}");
        WeightsException e = assertThrows(WeightsException.class, () -> Safetensors.read(index));
        assertTrue(e.getMessage().contains("'zz'"), e.getMessage());
    }

    /** A file with the given header text and {@code dataBytes} zero bytes after it. */
    private Path raw(String name, String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        Path f = dir.resolve(name);
        Files.write(f, concat(le64(json.length), json, new byte[dataBytes]));
        return f;
    }

    private Path write(String dtype, long[] shape, byte[] data) throws IOException {
        String json = "{\"t\":{\"dtype\":\"" + dtype + "\",\"shape\":" + java.util.Arrays.toString(shape)
                + ",\"data_offsets\":[0," + data.length + "]}}";
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        Path f = dir.resolve(dtype + ".safetensors");
        Files.write(f, concat(le64(header.length), header, data));
        return f;
    }

    static byte[] le64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }
}
