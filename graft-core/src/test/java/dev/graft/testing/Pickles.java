package dev.graft.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes pickle opcodes by hand, and wraps them as a {@code torch.save} zip, so tests can build
 * the files Python's pickler never would: cycles through the memo, absurd depth, fan-out.
 */
public final class Pickles {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Pickles() {
        op(0x80, 2); // PROTO 2
    }

    /** Raw opcode bytes. */
    public Pickles op(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    public Pickles mark() {
        return op('(');
    }

    /** SHORT_BINUNICODE (strings under 256 bytes). */
    public Pickles str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op(0x8c, b.length);
        out.writeBytes(b);
        return this;
    }

    /** BININT1 or BININT (non-negative). */
    public Pickles integer(long v) {
        if (v < 256) {
            return op('K', (int) v);
        }
        op('J');
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
        return this;
    }

    /** GLOBAL module name. */
    public Pickles global(String module, String name) {
        op('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** LONG_BINPUT: stores the top of the stack in memo slot {@code i}. */
    public Pickles put(int i) {
        op('r');
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(i).array());
        return this;
    }

    /** LONG_BINGET: pushes memo slot {@code i}. */
    public Pickles get(int i) {
        op('j');
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(i).array());
        return this;
    }

    /**
     * A float32 tensor of {@code numel} elements (shape [numel]) over storage {@code key}, as
     * {@code torch._utils._rebuild_tensor_v2} pickles it.
     */
    public Pickles tensor(String key, long numel) {
        global("torch._utils", "_rebuild_tensor_v2");
        mark();
        mark().str("storage").global("torch", "FloatStorage").str(key).str("cpu").integer(numel).op('t').op('Q');
        integer(0);
        integer(numel).op(0x85); // size (numel,)
        integer(1).op(0x85); // stride (1,)
        op(0x89); // requires_grad False
        global("collections", "OrderedDict").op(')').op('R');
        return op('t').op('R');
    }

    /** STOP, and the bytes. */
    public byte[] stop() {
        op('.');
        return out.toByteArray();
    }

    /** The bytes written so far, without STOP. */
    public int size() {
        return out.size();
    }

    /**
     * Writes a {@code torch.save}-style zip: {@code archive/data.pkl}, {@code archive/version} and
     * one {@code archive/data/<key>} entry per storage. Entries are STORED as torch.save stores
     * them, unless {@code deflate}.
     */
    public static Path torchZip(Path file, byte[] dataPkl, Map<String, byte[]> storages, boolean deflate)
            throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            entry(zip, "archive/data.pkl", dataPkl, deflate);
            entry(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII), false);
            for (var e : storages.entrySet()) {
                entry(zip, "archive/data/" + e.getKey(), e.getValue(), deflate);
            }
        }
        return file;
    }

    private static void entry(ZipOutputStream zip, String name, byte[] data, boolean deflate) throws IOException {
        ZipEntry e = new ZipEntry(name);
        if (!deflate) {
            CRC32 crc = new CRC32();
            crc.update(data);
            e.setMethod(ZipEntry.STORED);
            e.setSize(data.length);
            e.setCompressedSize(data.length);
            e.setCrc(crc.getValue());
        }
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
