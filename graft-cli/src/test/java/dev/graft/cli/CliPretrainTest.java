package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code graft pretrain}'s formula-driven and SSL flags: sample grids, and one-line errors. */
class CliPretrainTest {
    @TempDir
    Path tmp;

    @Test
    void samplesGridHasOneRowPerCategory() throws Exception {
        Path png = tmp.resolve("shapes.png");
        CliHarness.Result r = CliHarness.run("pretrain", "--synthetic", "shapes", "--categories", "4", "--samples",
                png.toString());
        assertEquals(0, r.code(), r.err());
        BufferedImage img = ImageIO.read(png.toFile());
        // 4 categories x 10 instances, each 28 px drawn 3x, 2 px apart
        assertEquals(10 * (84 + 2) + 2, img.getWidth());
        assertEquals(4 * (84 + 2) + 2, img.getHeight());
    }

    @Test
    void unknownGeneratorOrMethodIsAOneLineError() {
        CliHarness.Result r = CliHarness.run("pretrain", "--synthetic", "clouds", "--samples",
                tmp.resolve("x.png").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("use fractals, shapes or noise"), r.err());
        r = CliHarness.run("pretrain", "--ssl", "byol", "--synthetic", "noise", "--out", tmp.resolve("o").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("use simclr"), r.err());
        r = CliHarness.run("pretrain", "--synthetic", "noise", "--data", "fashion-mnist", "--out", tmp.resolve("p").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("drop --data"), r.err());
    }
}
