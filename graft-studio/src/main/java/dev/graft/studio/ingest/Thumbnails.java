package dev.graft.studio.ingest;

import dev.graft.studio.project.Workspace;
import dev.graft.io.AtomicFiles;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.imageio.ImageIO;

/**
 * Small PNG previews of stored images, made on first request and cached under the project's
 * cache folder by the image's path, size and modification time, so a replaced file never shows a
 * stale preview. Small images are only re-encoded, never enlarged (the browser scales them with
 * {@code image-rendering: pixelated}).
 */
public final class Thumbnails {
    /** The longer side of a preview, in pixels. */
    public static final int SIZE = 128;
    private final Workspace workspace;

    public Thumbnails(Workspace workspace) {
        this.workspace = workspace;
    }

    /**
     * The preview of an image.
     *
     * @param image a stored image (already checked when it was added)
     * @param cacheDir the project's cache folder
     * @return PNG bytes
     * @throws IOException when the image cannot be read any more
     */
    public byte[] png(Path image, Path cacheDir) throws IOException {
        String key = key(image);
        Path cached = workspace.checked(cacheDir.resolve("thumbs").resolve(key.substring(0, 2)).resolve(key + ".png"));
        if (Files.isRegularFile(cached)) {
            return Files.readAllBytes(cached);
        }
        BufferedImage src = ImageIO.read(image.toFile());
        if (src == null) {
            throw new IOException(image.getFileName() + " is no longer a readable image");
        }
        byte[] png = encode(scaled(src));
        AtomicFiles.write(cached, out -> out.write(png));
        return png;
    }

    /** The image scaled so its longer side is at most {@link #SIZE}. */
    static BufferedImage scaled(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        double f = Math.min(1.0, (double) SIZE / Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * f));
        int th = Math.max(1, (int) Math.round(h * f));
        BufferedImage out = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, 0, 0, tw, th, java.awt.Color.WHITE, null);
        g.dispose();
        return out;
    }

    static byte[] encode(BufferedImage img) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        return bytes.toByteArray();
    }

    private static String key(Path image) throws IOException {
        String id = image.toAbsolutePath() + "|" + Files.size(image) + "|" + Files.getLastModifiedTime(image).toMillis()
                + "|" + SIZE;
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(id.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
