package dev.graft.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Hostile weight files, each a few kilobytes, each one class of attack on a reader: cycles and
 * depth that would overflow a recursive walk, fan-out through the memo that would explode into
 * millions of tensors, storages that declare far more data than the file holds. Used by the
 * core's unit tests and by the CLI's hostile-input corpus.
 */
public final class HostileWeights {
    private HostileWeights() {}

    /** {@code d = {"a": d}} through the memo. */
    public static Path selfReferencingDict(Path file) throws IOException {
        byte[] pkl = new Pickles().op('}').put(0).str("a").get(0).op('s').stop();
        return Pickles.torchZip(file, pkl, Map.of(), false);
    }

    /** {@code a = [b]; b = [a]}: a cycle of two lists, as the whole pickle. */
    public static Path listCycle(Path file) throws IOException {
        byte[] pkl = new Pickles().op(']').put(0).op(']').put(1).get(0).op('a').op('0') // b = [a]
                .get(0).get(1).op('a').stop(); // a.append(b); a is on the stack
        return Pickles.torchZip(file, pkl, Map.of(), false);
    }

    /** {@code l = [t]; t = (l,)}, then {@code {t: None}}: hashing the key would never end. */
    public static Path cyclicTupleKey(Path file) throws IOException {
        byte[] pkl = new Pickles().op(']').put(0).op(0x85).put(1).op('0') // l; t = (l,)
                .get(0).get(1).op('a').op('0') // l.append(t)
                .op('}').get(1).op('N').op('s').stop(); // {t: None}
        return Pickles.torchZip(file, pkl, Map.of(), false);
    }

    /** {@code {"k": {"k": ... {} ...}}} nested {@code depth} times; the pickle stays linear in size. */
    public static Path deepDicts(Path file, int depth) throws IOException {
        Pickles p = new Pickles();
        for (int i = 0; i < depth; i++) {
            p.mark().str("k");
        }
        p.op('}');
        for (int i = 0; i < depth; i++) {
            p.op('d');
        }
        return Pickles.torchZip(file, p.stop(), Map.of(), true);
    }

    /** {@code {((((...),),),): None}}: a dict key of tuples nested {@code depth} times. */
    public static Path deepTupleKey(Path file, int depth) throws IOException {
        Pickles p = new Pickles().op('}');
        for (int i = 0; i < depth; i++) {
            p.mark();
        }
        p.op('N');
        for (int i = 0; i < depth; i++) {
            p.op('t');
        }
        p.op('N').op('s');
        return Pickles.torchZip(file, p.stop(), Map.of(), true);
    }

    /**
     * Memo fan-out: level 0 is {@code {"w": tensor}}, level k is {@code {"a": level k-1, "b": level
     * k-1}}, so {@code levels} levels name 2^levels tensors from one 16-byte storage.
     */
    public static Path memoFanOut(Path file, int levels, long numel) throws IOException {
        Pickles p = new Pickles().op('}').str("w").tensor("0", numel).op('s').put(0);
        for (int k = 1; k <= levels; k++) {
            p.op('}').mark().str("a").get(k - 1).str("b").get(k - 1).op('u').put(k);
        }
        return Pickles.torchZip(file, p.stop(), Map.of("0", new byte[(int) (4 * numel)]), false);
    }

    /**
     * A tensor whose storage declares {@code numel} float32 values, stored deflated: the zip holds a
     * few kilobytes that inflate to {@code 4 * numel} zero bytes.
     */
    public static Path storageBomb(Path file, long numel) throws IOException {
        byte[] pkl = new Pickles().op('}').str("w").tensor("0", numel).op('s').stop();
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(pkl);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("archive/version"));
            zip.write("3\n".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("archive/data/0"));
            byte[] zeros = new byte[1 << 20];
            for (long left = 4 * numel; left > 0; left -= zeros.length) {
                zip.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
            zip.closeEntry();
        }
        return file;
    }

    /** A safetensors file with this JSON header (padded as writers pad it) and {@code dataBytes} zero bytes. */
    public static Path safetensors(Path file, String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + padded + dataBytes)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            b.put((byte) ' ');
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, b.array());
    }

    /** One safetensors header entry: {@code "name":{"dtype":..,"shape":[..],"data_offsets":[b,e]}}. */
    public static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin
                + "," + end + "]}";
    }

    /** A shard index whose weight map sends one tensor to each of {@code shards}. */
    public static Path shardIndex(Path file, String... shards) throws IOException {
        StringBuilder map = new StringBuilder();
        for (int i = 0; i < shards.length; i++) {
            map.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":\"").append(shards[i].replace("\\", "\\\\")).append('"');
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.writeString(file, "{\"metadata\":{},\"weight_map\":{" + map + "}}");
    }
}
