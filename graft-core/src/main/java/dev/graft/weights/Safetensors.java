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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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
        return read(file, WeightLimits.fromEnvironment());
    }

    /**
     * Reads a file within {@code limits}. Before any tensor is read, every header entry is checked:
     * a known dtype, a shape without negative sizes or overflow, a byte range of exactly shape x
     * dtype bytes inside the file, and no two ranges overlapping.
     */
    public static StateDict read(Path file, WeightLimits limits) {
        if (file.getFileName().toString().endsWith(".json")) {
            return ShardIndex.read(file, limits);
        }
        return Shapes.guard(file, () -> read(file, MAP_CHUNK, limits));
    }

    /** Reads a single file mapping at most {@code chunkBytes} at a time (tests use tiny chunks). */
    static StateDict read(Path file, long chunkBytes) {
        return read(file, chunkBytes, WeightLimits.builtIn());
    }

    /** Where one tensor lives: its checked dtype, shape and byte range relative to the data start. */
    private record Entry(String name, DType dtype, long[] shape, long numel, long begin, long end) {}

    private static StateDict read(Path file, long chunkBytes, WeightLimits limits) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new WeightsException(file + ": not a safetensors file (only " + size
                        + " bytes); re-download or re-export it");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > MAX_HEADER || headerLen > size - 8) {
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
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<String, JsonElement> e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    readMetadata(file, e.getValue(), out);
                } else {
                    if (entries.size() >= limits.maxTensors()) {
                        throw WeightLimits.exceeded(file, "its header names more than " + limits.maxTensors()
                                + " tensors", limits.maxTensors(), WeightLimits.TENSORS_SETTING);
                    }
                    entries.add(entry(file, e.getKey(), e.getValue(), size - dataStart));
                }
            }
            checkOverlaps(file, entries);
            for (Entry e : entries) {
                out.put(e.name(), readTensor(ch, file, e, dataStart, chunkBytes));
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
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                    + "); re-download or re-export the file", e);
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

    /** Parses and checks one header entry against the {@code dataBytes} the file holds after its header. */
    private static Entry entry(Path file, String name, JsonElement value, long dataBytes) {
        DType dtype;
        long[] shape;
        long begin;
        long end;
        try {
            JsonObject info = value.getAsJsonObject();
            dtype = DType.of(info.get("dtype").getAsString(), file, name);
            var shapeArr = info.getAsJsonArray("shape");
            shape = new long[shapeArr.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeArr.get(i).getAsBigDecimal().longValueExact();
            }
            var offs = info.getAsJsonArray("data_offsets");
            if (offs.size() != 2) {
                throw new IllegalStateException("data_offsets needs two numbers");
            }
            begin = offs.get(0).getAsBigDecimal().longValueExact();
            end = offs.get(1).getAsBigDecimal().longValueExact();
        } catch (WeightsException e) {
            throw e;
        } catch (RuntimeException e) {
            String shown = value.toString();
            throw new WeightsException(file + ": corrupt safetensors header: entry for tensor '" + name
                    + "' lacks a dtype, an integer shape or two integer data_offsets ("
                    + (shown.length() > 200 ? shown.substring(0, 200) + "..." : shown) + ")", e);
        }
        long n = Shapes.numel(shape, file, name);
        long need = n > Long.MAX_VALUE / dtype.bytes ? -1 : n * dtype.bytes;
        if (begin < 0 || end < begin || need < 0 || end - begin != need) {
            throw new WeightsException(file + ": tensor '" + name + "' has byte range [" + begin + ", " + end
                    + ") but shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                    + (need < 0 ? "more than 2^63" : need) + " bytes; the file is corrupt");
        }
        if (end > dataBytes) {
            throw new WeightsException(file + ": truncated: tensor '" + name + "' ends at data byte " + end
                    + " but the file holds " + dataBytes + " bytes of data; re-download or re-export it");
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new WeightsException(file + ": tensor '" + name + "' has " + n
                    + " values, more than one Java array holds");
        }
        return new Entry(name, dtype, shape, n, begin, end);
    }

    /** Two tensors may not share bytes: the format gives each its own range. */
    private static void checkOverlaps(Path file, List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.removeIf(e -> e.begin() == e.end());
        sorted.sort(Comparator.comparingLong(Entry::begin));
        for (int i = 1; i < sorted.size(); i++) {
            Entry prev = sorted.get(i - 1);
            Entry e = sorted.get(i);
            if (e.begin() < prev.end()) {
                throw new WeightsException(file + ": tensor '" + e.name() + "' (bytes " + e.begin() + " to "
                        + e.end() + ") overlaps tensor '" + prev.name() + "' (bytes " + prev.begin() + " to "
                        + prev.end() + "); the file is corrupt or crafted");
            }
        }
    }

    /** Maps just this tensor's bytes, so a file far beyond 2 GB costs only what is read. */
    private static HostTensor readTensor(FileChannel ch, Path file, Entry e, long dataStart, long chunkBytes)
            throws IOException {
        int n = (int) e.numel();
        DType dtype = e.dtype();
        float[] values = new float[n];
        long perChunk = Math.max(1, chunkBytes / dtype.bytes);
        for (long i = 0; i < n; i += perChunk) {
            int len = (int) Math.min(perChunk, n - i);
            ByteBuffer data = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin() + i * dtype.bytes,
                    (long) len * dtype.bytes).order(ByteOrder.LITTLE_ENDIAN);
            dtype.decode(data, values, (int) i, len);
        }
        return new HostTensor(e.shape(), values);
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
