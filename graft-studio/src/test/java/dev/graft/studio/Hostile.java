package dev.graft.studio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Files made to hurt: image bombs, truncated and disguised files, forged zips. */
final class Hostile {
    private Hostile() {}

    /** A PNG whose header declares {@code w}×{@code h} pixels, with almost no data behind it. */
    static byte[] pngBomb(int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 0).put((byte) 0)
                .put((byte) 0).put((byte) 0).array());
        Deflater d = new Deflater();
        d.setInput(new byte[1024]);
        d.finish();
        byte[] buf = new byte[256];
        int n = d.deflate(buf);
        chunk(out, "IDAT", Arrays.copyOf(buf, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static byte[] webp() {
        return "RIFF\u0024\0\0\0WEBPVP8 \u0018\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] script() {
        return "<script>fetch('/api/projects',{method:'DELETE'})</script>".getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A zip whose central directory says the first entry is {@code declared} bytes uncompressed,
     * whatever it really holds (a forged header).
     */
    static byte[] forgeDeclaredSize(byte[] zip, long declared) throws IOException {
        byte[] z = zip.clone();
        for (int i = 0; i + 46 <= z.length; i++) {
            if (z[i] == 'P' && z[i + 1] == 'K' && z[i + 2] == 1 && z[i + 3] == 2) {
                ByteBuffer.wrap(z, i + 24, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt((int) declared);
                return z;
            }
        }
        throw new IOException("no central directory entry");
    }
}
