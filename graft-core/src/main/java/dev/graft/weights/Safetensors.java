package dev.graft.weights;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * of {@code name -> {dtype, shape, data_offsets}}, then the raw little-endian data.
 *
 * <p>Reading memory-maps the file, so files larger than 2 GB load as long as each tensor fits a
 * Java array; each tensor is mapped on its own. F32, F16, BF16, F64 and the integer types are
 * converted to float32. Sharded checkpoints are read through their {@code *.index.json}. Writing keeps
 * the state dict's order and writes F32 only, atomically (temporary file, then rename).
 */
public final class Safetensors {
    private static final Gson GSON = new Gson();
    // Real headers are kilobytes; this bound stops a corrupt length from allocating gigabytes.
    private static final long MAX_HEADER = 100_000_000L;
    // One memory map covers at most 2 GB; larger tensors are mapped and converted piece by piece.
    private static final long MAP_CHUNK = 1L << 30;

    private Safetensors() {}

    /**
     * Reads every tensor of a file, in header order; a {@code *.index.json} file (the
     * {@code weight_map} of a sharded checkpoint) reads all its shards as one state dict.
     */
    public static StateDict read(Path file) {
        if (file.getFileName().toString().endsWith(".json")) {
            return ShardIndex.read(file);
        }
        return read(file, MAP_CHUNK);
    }

    /** Reads a single file mapping at most {@code chunkBytes} at a time (tests use tiny chunks). */
    static StateDict read(Path file, long chunkBytes) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new WeightsException(file + ": not a safetensors file (only " + size
                        + " bytes); re-download or re-export it");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
                throw new WeightsException(file + ": not a safetensors file or truncated (header length "
                        + headerLen + ", file size " + size + "); re-download it, or if it is a PyTorch "
                        + "checkpoint load it with Weights.load");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            while (hb.hasRemaining() && ch.read(hb, 8 + hb.position()) > 0) {
                // a channel may return fewer bytes than asked
            }
            JsonObject header = parseHeader(file, new String(hb.array(), StandardCharsets.UTF_8));
            long dataStart = 8 + headerLen;
            StateDict out = new StateDict();
            for (Map.Entry<String, JsonElement> e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    readMetadata(file, e.getValue(), out);
                } else {
                    out.put(e.getKey(), readTensor(ch, file, e.getKey(), e.getValue(), dataStart, size, chunkBytes));
                }
            }
            return out;
        } catch (IOException e) {
            throw new WeightsException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static JsonObject parseHeader(Path file, String text) {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(text);
        } catch (RuntimeException e) {
            throw new WeightsException(file + ": corrupt safetensors header (not valid JSON: "
                    + e.getMessage() + "); re-download or re-export the file", e);
        }
        if (!parsed.isJsonObject()) {
            throw new WeightsException(file + ": corrupt safetensors header (JSON " + kind(parsed)
                    + " where an object of tensors belongs); re-download or re-export the file");
        }
        return parsed.getAsJsonObject();
    }

    private static void readMetadata(Path file, JsonElement meta, StateDict out) {
        if (!meta.isJsonObject()) {
            throw new WeightsException(file + ": corrupt safetensors header (__metadata__ is not an object)");
        }
        for (var m : meta.getAsJsonObject().entrySet()) {
            JsonElement v = m.getValue();
            out.metadata().put(m.getKey(), v.isJsonPrimitive() ? v.getAsString() : v.toString());
        }
    }

    /** Maps just this tensor's bytes, so a file far beyond 2 GB costs only what is read. */
    private static HostTensor readTensor(FileChannel ch, Path file, String name, JsonElement entry,
            long dataStart, long size, long chunkBytes) throws IOException {
        DType dtype;
        long[] shape;
        long begin;
        long end;
        try {
            JsonObject info = entry.getAsJsonObject();
            dtype = DType.of(info.get("dtype").getAsString(), file, name);
            var shapeArr = info.getAsJsonArray("shape");
            shape = new long[shapeArr.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeArr.get(i).getAsLong();
            }
            var offs = info.getAsJsonArray("data_offsets");
            begin = offs.get(0).getAsLong();
            end = offs.get(1).getAsLong();
        } catch (WeightsException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new WeightsException(file + ": corrupt safetensors header: entry for tensor '" + name
                    + "' lacks dtype, shape or data_offsets (" + entry + ")", e);
        }
        long n = HostTensor.numel(shape);
        if (begin < 0 || end < begin || end - begin != n * dtype.bytes) {
            throw new WeightsException(file + ": tensor '" + name + "' has " + (end - begin)
                    + " bytes but shape needs " + n * dtype.bytes + "; the file is corrupt");
        }
        if (dataStart + end > size) {
            throw new WeightsException(file + ": truncated: tensor '" + name + "' ends at byte "
                    + (dataStart + end) + " but the file has " + size + "; re-download or re-export it");
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new WeightsException(file + ": tensor '" + name + "' has " + n
                    + " values, more than one Java array holds");
        }
        float[] values = new float[(int) n];
        long perChunk = Math.max(1, chunkBytes / dtype.bytes);
        for (long i = 0; i < n; i += perChunk) {
            int len = (int) Math.min(perChunk, n - i);
            ByteBuffer data = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + begin + i * dtype.bytes,
                    (long) len * dtype.bytes).order(ByteOrder.LITTLE_ENDIAN);
            dtype.decode(data, values, (int) i, len);
        }
        return new HostTensor(shape, values);
    }

    private static String kind(JsonElement e) {
        return e.isJsonArray() ? "array" : e.isJsonNull() ? "null" : "value " + e;
    }

    /** Writes tensors as F32 in state-dict order, atomically. */
    public static void write(StateDict dict, Path file) {
        JsonObject header = new JsonObject();
        if (!dict.metadata().isEmpty()) {
            JsonObject meta = new JsonObject();
            dict.metadata().forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        long offset = 0;
        for (var e : dict.tensors().entrySet()) {
            JsonObject info = new JsonObject();
            info.addProperty("dtype", "F32");
            var shape = new com.google.gson.JsonArray();
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            info.add("shape", shape);
            var offs = new com.google.gson.JsonArray();
            offs.add(offset);
            offset += 4L * e.getValue().numel();
            offs.add(offset);
            info.add("data_offsets", offs);
            header.add(e.getKey(), info);
        }
        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        int pad = (8 - json.length % 8) % 8; // keeps the data 8-byte aligned, as the reference writer does
        byte[] padded = new byte[json.length + pad];
        System.arraycopy(json, 0, padded, 0, json.length);
        for (int i = json.length; i < padded.length; i++) {
            padded[i] = ' ';
        }
        AtomicFiles.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded.length);
            out.write(len.array());
            out.write(padded);
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (HostTensor t : dict.tensors().values()) {
                for (float v : t.data()) {
                    if (!buf.hasRemaining()) {
                        out.write(buf.array(), 0, buf.position());
                        buf.clear();
                    }
                    buf.putFloat(v);
                }
            }
            out.write(buf.array(), 0, buf.position());
        });
    }
}
