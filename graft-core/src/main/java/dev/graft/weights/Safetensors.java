package dev.graft.weights;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * of {@code name -> {dtype, shape, data_offsets}}, then the raw little-endian data.
 *
 * <p>Reading memory-maps the file, so files larger than 2 GB load as long as each tensor fits a
 * Java array. F32, F16, BF16, F64 and the integer types are converted to float32. Writing keeps
 * the state dict's order and writes F32 only, atomically (temporary file, then rename).
 */
public final class Safetensors {
    private static final Gson GSON = new Gson();

    private Safetensors() {}

    /** Reads every tensor of a file. */
    public static StateDict read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new WeightsException(file + ": not a safetensors file (only " + size
                        + " bytes); re-download or re-export it");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > 100_000_000L || 8 + headerLen > size) {
                throw new WeightsException(file + ": not a safetensors file (bad header length "
                        + headerLen + "); is it a PyTorch .pth? Use a .pth path so Graft reads it as one");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            ch.read(hb, 8);
            JsonObject header;
            try {
                header = GSON.fromJson(new String(hb.array(), StandardCharsets.UTF_8), JsonObject.class);
            } catch (RuntimeException e) {
                throw new WeightsException(file + ": safetensors header is not valid JSON; the file is corrupt", e);
            }
            long dataStart = 8 + headerLen;
            StateDict out = new StateDict();
            for (Map.Entry<String, JsonElement> e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    for (var m : e.getValue().getAsJsonObject().entrySet()) {
                        out.metadata().put(m.getKey(), m.getValue().getAsString());
                    }
                    continue;
                }
                JsonObject info = e.getValue().getAsJsonObject();
                String dtype = info.get("dtype").getAsString();
                var shapeArr = info.getAsJsonArray("shape");
                long[] shape = new long[shapeArr.size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = shapeArr.get(i).getAsLong();
                }
                var offs = info.getAsJsonArray("data_offsets");
                long begin = offs.get(0).getAsLong();
                long end = offs.get(1).getAsLong();
                long n = HostTensor.numel(shape);
                int width = DType.of(dtype, file, e.getKey()).bytes;
                if (end - begin != n * width) {
                    throw new WeightsException(file + ": tensor '" + e.getKey() + "' has " + (end - begin)
                            + " bytes but shape needs " + n * width + "; the file is corrupt");
                }
                if (dataStart + end > size) {
                    throw new WeightsException(file + ": truncated: tensor '" + e.getKey() + "' ends at byte "
                            + (dataStart + end) + " but the file has " + size + "; re-download or re-export it");
                }
                if (n > Integer.MAX_VALUE - 8) {
                    throw new WeightsException(file + ": tensor '" + e.getKey() + "' has " + n
                            + " values, more than one Java array holds");
                }
                ByteBuffer data = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + begin, end - begin)
                        .order(ByteOrder.LITTLE_ENDIAN);
                out.put(e.getKey(), new HostTensor(shape, DType.of(dtype, file, e.getKey()).toFloats(data, (int) n)));
            }
            return out;
        } catch (IOException e) {
            throw new WeightsException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
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

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            float v = mant * 0x1.0p-24f; // subnormal: exact in float
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** Element types a safetensors file may hold, and how each becomes a float. */
    enum DType {
        F32(4), F16(2), BF16(2), F64(8), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

        final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }

        static DType of(String name, Path file, String tensor) {
            try {
                return valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new WeightsException(file + ": tensor '" + tensor + "' has dtype " + name
                        + ", which Graft does not read; convert it to F32, F16 or BF16");
            }
        }

        float[] toFloats(ByteBuffer b, int n) {
            float[] out = new float[n];
            switch (this) {
                case F32 -> b.asFloatBuffer().get(out);
                case F16 -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = halfToFloat(b.getShort());
                    }
                }
                case BF16 -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
                    }
                }
                case F64 -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = (float) b.getDouble();
                    }
                }
                case I64 -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = b.getLong();
                    }
                }
                case I32 -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = b.getInt();
                    }
                }
                case I16 -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = b.getShort();
                    }
                }
                case I8 -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = b.get();
                    }
                }
                case U8, BOOL -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = b.get() & 0xff;
                    }
                }
            }
            return out;
        }
    }
}
