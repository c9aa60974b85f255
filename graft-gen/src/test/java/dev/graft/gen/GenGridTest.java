package dev.graft.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenGridTest {
    @TempDir
    Path tmp;

    @Test
    void gridMapsMinusOneToBlackAndOneToWhite() throws Exception {
        float[] two = new float[2 * 4];
        java.util.Arrays.fill(two, 0, 4, -1f);
        java.util.Arrays.fill(two, 4, 8, 1f);
        Path f = tmp.resolve("g.png");
        GenGrid.write(two, 2, 2, 2, 1, f);
        BufferedImage img = ImageIO.read(f.toFile());
        assertEquals(2 * (2 + 2) + 2, img.getWidth()); // two cells of 2 px plus gaps of 2
        assertEquals(0, img.getRaster().getSample(2, 2, 0));
        assertEquals(255, img.getRaster().getSample(6, 2, 0));
    }

    @Test
    void sideBySideAcceptsPanelsWithFewerImagesThanRoom() throws Exception {
        Path f = tmp.resolve("s.png");
        GenGrid.writeSideBySide(List.of(new float[3 * 4], new float[8 * 4]), List.of("three", "eight"), 8, 2, 4, 1, f);
        BufferedImage img = ImageIO.read(f.toFile());
        assertEquals(2 * (4 * 4 + 2 + 12) + 12, img.getWidth());
    }
}
