package dev.graft.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;

/**
 * Image files that are small on disk and enormous once decoded (decompression bombs), in every
 * format ImageIO reads, plus a huge sparse file with an image extension. Each writes a real,
 * well-formed header; the JPEG, GIF and TIFF ones are small images whose header is patched to
 * declare {@code w x h}, the PNG (1-bit) and BMP (run-length coded) are genuine images of that size.
 */
public final class HostileImages {
    private HostileImages() {}

    private static byte[] encode(String format, int type) throws IOException {
        BufferedImage img = new BufferedImage(16, 16, type);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, format, out)) {
            throw new IllegalStateException("no ImageIO writer for " + format);
        }
        return out.toByteArray();
    }

    private static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, bytes);
    }

    /** A baseline JPEG whose SOF0 marker declares {@code w x h} (at most 65535 each). */
    public static Path jpeg(Path file, int w, int h) throws IOException {
        byte[] b = encode("jpg", BufferedImage.TYPE_3BYTE_BGR);
        for (int i = 2; i + 8 < b.length; i++) {
            if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xC0) {
                ByteBuffer.wrap(b, i + 5, 4).putShort((short) h).putShort((short) w);
                return write(file, b);
            }
        }
        throw new IllegalStateException("no SOF0 marker");
    }

    /** A genuine 1-bit grey PNG of {@code w x h} zeros: tens of kilobytes that decode to w*h pixels. */
    public static Path png1Bit(Path file, int w, int h) throws IOException {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] row = new byte[1 + (w + 7) / 8]; // filter byte 0, then the packed bits
        try (OutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION), 1 << 16)) {
            for (int y = 0; y < h; y++) {
                z.write(row);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 1).put((byte) 0).put((byte) 0)
                .put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return write(file, out.toByteArray());
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.writeInt(data.length);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }

    /** A GIF whose logical screen and first image descriptor declare {@code w x h}. */
    public static Path gif(Path file, int w, int h) throws IOException {
        byte[] b = encode("gif", BufferedImage.TYPE_BYTE_INDEXED);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        bb.putShort(6, (short) w).putShort(8, (short) h);
        int i = 13 + ((b[10] & 0x80) != 0 ? 3 * (1 << ((b[10] & 7) + 1)) : 0);
        while (b[i] == 0x21) { // extension blocks: label, then sub-blocks up to a zero length
            i += 2;
            while (b[i] != 0) {
                i += (b[i] & 0xff) + 1;
            }
            i++;
        }
        if (b[i] != 0x2C) {
            throw new IllegalStateException("no image descriptor");
        }
        bb.putShort(i + 5, (short) w).putShort(i + 7, (short) h);
        return write(file, b);
    }

    /** An 8-bit RLE-compressed BMP of {@code w x h} whose pixel data is a lone end-of-bitmap code. */
    public static Path bmp(Path file, int w, int h) throws IOException {
        int dataAt = 14 + 40 + 1024;
        ByteBuffer b = ByteBuffer.allocate(dataAt + 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(dataAt + 2).putInt(0).putInt(dataAt);
        b.putInt(40).putInt(w).putInt(h).putShort((short) 1).putShort((short) 8).putInt(1) // BI_RLE8
                .putInt(2).putInt(2835).putInt(2835).putInt(0).putInt(0);
        b.position(dataAt);
        b.put((byte) 0).put((byte) 1); // end of bitmap
        return write(file, b.array());
    }

    /** A little-endian TIFF whose ImageWidth and ImageLength tags declare {@code w x h}. */
    public static Path tiff(Path file, int w, int h) throws IOException {
        byte[] b = encode("tiff", BufferedImage.TYPE_3BYTE_BGR);
        ByteBuffer bb = ByteBuffer.wrap(b).order(b[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int ifd = bb.getInt(4);
        int n = bb.getShort(ifd) & 0xffff;
        for (int e = 0; e < n; e++) {
            int at = ifd + 2 + 12 * e;
            int tag = bb.getShort(at) & 0xffff;
            int type = bb.getShort(at + 2);
            if (tag == 256 || tag == 257) {
                int v = tag == 256 ? w : h;
                if (type == 3) {
                    bb.putShort(at + 8, (short) v);
                } else {
                    bb.putInt(at + 8, v);
                }
            }
        }
        return write(file, b);
    }

    /** A sparse file of {@code bytes} bytes (it takes no disk space) that starts like a JPEG. */
    public static Path huge(Path file, long bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.write(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
            f.setLength(bytes);
        }
        return file;
    }
}
