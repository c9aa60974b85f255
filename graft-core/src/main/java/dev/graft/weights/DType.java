package dev.graft.weights;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Element types a weights file may hold and how each becomes a float32. Shared by the safetensors
 * and PyTorch readers so both convert half precision and integers bit for bit alike.
 */
enum DType {
    F32(4), F16(2), BF16(2), F64(8), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** The type named as in a safetensors header, or an error naming the file and tensor. */
    static DType of(String name, Path file, String tensor) {
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new WeightsException(file + ": tensor '" + tensor + "' has dtype " + name
                    + ", which Graft does not read; convert it to F32, F16 or BF16");
        }
    }

    /** Converts {@code n} consecutive elements starting at the buffer's position. */
    float[] toFloats(ByteBuffer b, int n) {
        float[] out = new float[n];
        decode(b, out, 0, n);
        return out;
    }

    /** Converts {@code n} elements from the buffer's position into {@code out[from..from+n)}. */
    void decode(ByteBuffer b, float[] out, int from, int n) {
        if (this == F32) {
            b.asFloatBuffer().get(out, from, n);
            return;
        }
        int base = b.position();
        for (int i = 0; i < n; i++) {
            out[from + i] = at(b, base + (long) i * bytes);
        }
    }

    /** The element at an absolute byte offset; random access is what strided views need. */
    float at(ByteBuffer b, long byteOffset) {
        int p = Math.toIntExact(byteOffset);
        return switch (this) {
            case F32 -> b.getFloat(p);
            case F16 -> halfToFloat(b.getShort(p));
            case BF16 -> Float.intBitsToFloat((b.getShort(p) & 0xffff) << 16);
            case F64 -> (float) b.getDouble(p);
            case I64 -> b.getLong(p);
            case I32 -> b.getInt(p);
            case I16 -> b.getShort(p);
            case I8 -> b.get(p);
            case U8, BOOL -> b.get(p) & 0xff;
        };
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
}
