package dev.graft.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.testing.HostileImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decompression bombs in each format ImageIO reads are refused from their header, in
 * milliseconds and without allocating their pixels; a folder skips and counts them with the reason.
 */
class ImageBombTest {
    @TempDir
    Path dir;

    private static void refusedFromTheHeader(Path f, String format) {
        long before = usedHeap();
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> ImageDecoder.decode(f));
        long millis = (System.nanoTime() - start) / 1_000_000;
        String m = e.getMessage();
        assertTrue(m.contains(format + " header declares 20000x20000 = 400000000 pixels"), m);
        assertTrue(m.contains("limit of 89478485") && m.contains("GRAFT_MAX_IMAGE_PIXELS"), m);
        assertTrue(millis < 5_000, "refused in " + millis + " ms");
        // decoding would need 400 MB or more; the header read needs next to nothing
        assertTrue(usedHeap() - before < 100L << 20, "heap grew by " + ((usedHeap() - before) >> 20) + " MB");
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void jpegBomb() throws IOException {
        Path f = HostileImages.jpeg(dir.resolve("bomb.jpg"), 20000, 20000);
        assertTrue(Files.size(f) < 2_000, Files.size(f) + " bytes");
        refusedFromTheHeader(f, "JPEG");
    }

    @Test
    void oneBitPngBomb() throws IOException {
        Path f = HostileImages.png1Bit(dir.resolve("bomb.png"), 20000, 20000);
        assertTrue(Files.size(f) < 200_000, Files.size(f) + " bytes");
        refusedFromTheHeader(f, "PNG");
    }

    @Test
    void gifBmpAndTiffBombs() throws IOException {
        refusedFromTheHeader(HostileImages.gif(dir.resolve("bomb.gif"), 20000, 20000), "GIF");
        refusedFromTheHeader(HostileImages.bmp(dir.resolve("bomb.bmp"), 20000, 20000), "BMP");
        // a TIFF under a .png name: ImageIO goes by content, and so does the check
        refusedFromTheHeader(HostileImages.tiff(dir.resolve("tiff.png"), 20000, 20000), "TIF");
    }

    @Test
    void bombInBytesIsRefusedToo() throws IOException {
        byte[] b = Files.readAllBytes(HostileImages.jpeg(dir.resolve("b.jpg"), 20000, 20000));
        IOException e = assertThrows(IOException.class, () -> ImageDecoder.decode(b));
        assertTrue(e.getMessage().contains("400000000 pixels"), e.getMessage());
    }

    @Test
    void hugeFileIsRefusedBeforeReading() throws IOException {
        Path f = HostileImages.huge(dir.resolve("huge.jpg"), 3L << 30);
        IOException e = assertThrows(IOException.class, () -> ImageDecoder.decode(f));
        assertTrue(e.getMessage().contains("file of 3221225472 bytes") && e.getMessage().contains("GRAFT_MAX_IMAGE_BYTES"),
                e.getMessage());
    }

    @Test
    void theLimitIsExactAndTheCallersToChoose() throws IOException {
        Path f = dir.resolve("ok.png");
        ImageIO.write(new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB), "png", f.toFile());
        ImageLimits limits = ImageLimits.builtIn();
        assertEquals(30, ImageDecoder.decode(f, limits.withMaxPixels(600)).width());
        IOException e = assertThrows(IOException.class, () -> ImageDecoder.decode(f, limits.withMaxPixels(599)));
        assertTrue(e.getMessage().contains("30x20 = 600 pixels, more than the limit of 599"), e.getMessage());
        assertThrows(IOException.class, () -> ImageDecoder.decode(f, limits.withMaxFileBytes(Files.size(f) - 1)));
        System.setProperty(ImageLimits.PIXELS_SETTING, "599");
        try {
            assertThrows(IOException.class, () -> ImageDecoder.decode(f));
        } finally {
            System.clearProperty(ImageLimits.PIXELS_SETTING);
        }
        assertEquals(20, ImageDecoder.decode(f).height());
    }

    @Test
    void aFolderSkipsAndCountsBombsWithTheReason() throws IOException {
        Path root = dir.resolve("data");
        for (String c : List.of("a", "b")) {
            Files.createDirectories(root.resolve(c));
            for (int i = 0; i < 2; i++) {
                ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png",
                        root.resolve(c).resolve(i + ".png").toFile());
            }
        }
        HostileImages.jpeg(root.resolve("a/bomb.jpg"), 20000, 20000);
        HostileImages.png1Bit(root.resolve("b/bomb.png"), 20000, 20000);
        HostileImages.huge(root.resolve("b/huge.jpg"), 3L << 30);
        FolderImages f = FolderImages.open(root, null, 2);
        assertEquals(4, f.size());
        assertEquals(3, f.skipped().size());
        assertTrue(f.skipped().stream().anyMatch(s -> s.contains("bomb.jpg: JPEG header declares")), f.skipped().toString());
        assertTrue(f.skipped().stream().anyMatch(s -> s.contains("huge.jpg: file of")), f.skipped().toString());

        Path onlyBombs = dir.resolve("bombs");
        Files.createDirectories(onlyBombs.resolve("x"));
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", onlyBombs.resolve("x/0.png").toFile());
        HostileImages.jpeg(onlyBombs.resolve("y/bomb.jpg"), 20000, 20000);
        DataException e = assertThrows(DataException.class, () -> FolderImages.open(onlyBombs, null, 1));
        assertTrue(e.getMessage().contains("class 'y' has no readable images (skipped ")
                && e.getMessage().contains("400000000 pixels"), e.getMessage());
    }
}
