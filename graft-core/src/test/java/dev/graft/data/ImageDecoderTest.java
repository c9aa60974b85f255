package dev.graft.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

    private static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void greyPngKeepsStoredLevels() throws IOException {
        BufferedImage g = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        g.getRaster().setSample(0, 0, 0, 0);
        g.getRaster().setSample(1, 0, 0, 100);
        g.getRaster().setSample(2, 0, 0, 200);
        RawImage r = ImageDecoder.decode(png(g));
        assertEquals(1, r.channels());
        // getRGB would have given 168 for 100 and 229 for 200 (linear grey read as sRGB)
        assertArrayEquals(new byte[] {0, 100, (byte) 200}, r.pixels());
    }

    @Test
    void sixteenBitGreyScalesToEightBits() throws IOException {
        BufferedImage g = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        g.getRaster().setSample(0, 0, 0, 0);
        g.getRaster().setSample(1, 0, 0, 257 * 100);
        g.getRaster().setSample(2, 0, 0, 65535);
        RawImage r = ImageDecoder.decode(png(g));
        assertArrayEquals(new byte[] {0, 100, (byte) 255}, r.pixels());
    }

    @Test
    void colourPngIsRgbInOrder() throws IOException {
        BufferedImage c = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        c.setRGB(0, 0, 0x102030);
        c.setRGB(1, 0, 0xA0B0C0);
        RawImage r = ImageDecoder.decode(png(c));
        assertEquals(3, r.channels());
        assertArrayEquals(new byte[] {0x10, 0x20, 0x30, (byte) 0xA0, (byte) 0xB0, (byte) 0xC0}, r.pixels());
    }

    @Test
    void textIsRefusedWithAnIoException() {
        assertThrows(IOException.class, () -> ImageDecoder.decode("not an image".getBytes()));
    }
}
