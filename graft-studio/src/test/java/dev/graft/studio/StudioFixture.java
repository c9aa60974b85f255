package dev.graft.studio;

import dev.graft.studio.ingest.UploadLimits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Starts Studios on free ports over temporary workspaces, and makes small images. */
final class StudioFixture {
    private StudioFixture() {}

    static Studio start(Path workspace) {
        return start(workspace, UploadLimits.DEFAULTS);
    }

    static Studio start(Path workspace, UploadLimits limits) {
        return Studio.builder().optWorkspace(workspace).optPort(0).optLimits(limits).optThreads(1).start();
    }

    /** A PNG of the given size, filled with a colour that depends on {@code seed}. */
    static byte[] png(int w, int h, int seed) {
        return encode(image(w, h, seed), "png");
    }

    static byte[] jpeg(int w, int h, int seed) {
        return encode(image(w, h, seed), "jpg");
    }

    static BufferedImage image(int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (seed * 40 + x * 7) << 16 | (y * 9 + seed) << 8 | (x ^ y) & 0xFF);
            }
        }
        return img;
    }

    static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
